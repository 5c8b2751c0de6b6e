/** One measured figure. `pass` is set when the figure has a target to meet. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
  /** The machine's 1-minute load average while the figure was measured: on a shared machine, part of the figure. */
  loadAverage?: number;
}

export type Bench = () => Promise<BenchResult[]>;
