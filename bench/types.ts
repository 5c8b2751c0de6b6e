/** One measured figure. `pass` is set when the figure has a target to meet. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

export type Bench = () => Promise<BenchResult[]>;
