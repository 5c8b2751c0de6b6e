/** A string → index dictionary for a cube dimension, with a size bound (beyond it, values fold into "other"). */
export class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(
    initial: readonly string[] = [],
    private readonly max = 1000
  ) {
    for (const v of initial) this.get(v);
  }
  /** Registers `other`'s values, in its order. */
  addAll(other: Dictionary): void {
    for (const v of other.values) this.get(v);
  }
  get(v: string): number {
    let i = this.index.get(v);
    if (i === undefined) {
      if (this.values.length >= this.max) return this.get('other');
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}
