/**
 * A set of 64-bit hashes of registration ids, for duplicate detection in bounded, predictable memory:
 * open addressing over two Uint32Arrays, 8 bytes per slot, load ≤ 0.7 — about 12–23 bytes per distinct id
 * (10M ids ≈ 128 MB), instead of ~80+ bytes per string in a JS Set, and never the ids themselves.
 * Two different ids collide with probability ~n²/2⁶⁵ (10M ids: ~3·10⁻⁶), so a false "duplicate" is negligible.
 */

export class HashedIdSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 4;
    while (cap < initialCapacity) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength;
  }

  /** Adds the id; returns false when it was already there. */
  add(id: string): boolean {
    // Two independent 32-bit hashes (cyrb53-style mixing), never both zero; computed inline so no array is
    // allocated per id on the hot path.
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    h1 >>>= 0;
    h2 >>>= 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    return this.addHash(h1, h2);
  }

  private addHash(a: number, b: number): boolean {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i];
      const l = this.lo[i];
      if (h === 0 && l === 0) break;
      if (h === a && l === b) return false;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = a;
    this.lo[i] = b;
    this.size++;
    if (this.size * 10 > (this.mask + 1) * 7) this.grow();
    return true;
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const cap = (this.mask + 1) * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldHi.length; i++) if (oldHi[i] !== 0 || oldLo[i] !== 0) this.addHash(oldHi[i], oldLo[i]);
  }
}
