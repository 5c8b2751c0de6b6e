/**
 * Non-negative least squares on the normal equations: minimise ½·xᵀGx − bᵀx subject to x ≥ 0, by cyclic
 * coordinate descent with each coordinate minimised exactly and clipped at zero. G is small (one row per
 * event) and mostly banded (events far apart in time do not interact), so this converges in a few hundred
 * sweeps without the bookkeeping of an active-set method, and a warm start makes refits (bootstrap) cheap.
 */
export function nnls(gram: Float64Array, b: Float64Array, start?: Float64Array, tolerance = 1e-3, maxSweeps = 5000): Float64Array {
  const p = b.length;
  const x = start ? Float64Array.from(start) : new Float64Array(p);
  // g = Gx − b, kept up to date as coordinates move.
  const g = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = -b[i];
    for (let j = 0; j < p; j++) s += gram[i * p + j] * x[j];
    g[i] = s;
  }
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = 0;
    for (let i = 0; i < p; i++) {
      const d = gram[i * p + i];
      if (d <= 0) continue;
      const next = Math.max(0, x[i] - g[i] / d);
      const step = next - x[i];
      if (step === 0) continue;
      x[i] = next;
      for (let j = 0; j < p; j++) g[j] += gram[j * p + i] * step;
      moved = Math.max(moved, Math.abs(step) * Math.sqrt(d));
    }
    if (moved <= tolerance) break;
  }
  return x;
}
