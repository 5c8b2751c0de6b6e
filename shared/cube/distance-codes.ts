/**
 * The registrations cube's `distance` dictionary: each value carries two classes, the one under the headquarters
 * network at registration time and the one under the network as of the data set's `networkAsOf` instant.
 * A value is the class itself when both agree, else "then>now" ("far>near": far when the person registered,
 * near once the network grew). Pairs are folded into the dictionary rather than added as a column, so the cube
 * only gains rows for cells where people of one region both did and did not gain a headquarters, and every row
 * loop keeps one mask read per row (filter-masks.ts: the filter reads `then`, "available" reads `now`).
 * Data sets built before this held plain classes only, which read as unchanged.
 */
import { DISTANCE_CLASSES, type DistanceClass } from './format';

const REACHED = ['city', 'near', 'far'] as const;

/** Every value the pipeline may write: the four plain classes first (older data sets' whole dictionary), then the changes. */
export const DISTANCE_CODES: readonly string[] = [
  ...DISTANCE_CLASSES,
  ...REACHED.flatMap((then) => REACHED.filter((now) => now !== then).map((now) => `${then}>${now}`))
];

const N = DISTANCE_CLASSES.length;
// The pipeline asks once per registration: a table, not a string per row.
const CODE_OF = Int8Array.from({ length: N * N }, (_, k) => {
  const [then, now] = [Math.floor(k / N), k % N];
  return DISTANCE_CODES.indexOf(then === now ? DISTANCE_CLASSES[then] : `${DISTANCE_CLASSES[then]}>${DISTANCE_CLASSES[now]}`);
});

/** Dictionary index of a (then, now) pair, both as indexes into DISTANCE_CLASSES; `unknown` pairs only with itself. */
export function distanceCode(then: number, now: number): number {
  return CODE_OF[then * N + now];
}

function parts(value: string): [DistanceClass, DistanceClass] {
  const [then, now = then] = value.split('>') as DistanceClass[];
  return [then, now];
}

/** The class under the network at registration time. */
export function classThen(value: string): DistanceClass {
  return parts(value)[0];
}

/** The class under the network as of the data set's `networkAsOf`. */
export function classNow(value: string): DistanceClass {
  return parts(value)[1];
}
