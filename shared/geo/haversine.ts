/** Mean Earth radius (IUGG): the sphere the headquarters' distance classes and the demo's spacing are measured on. */
const R_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  // min(1, …): rounding can push `a` a hair above 1 for antipodal points, and asin would return NaN.
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
