/** Lengths of time in milliseconds and hours; the cube's time axis counts whole UTC hours since the epoch. */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Hours in a UTC day or week. A local day is 23 or 25 hours long on a DST change: use LocalDays for those. */
export const HOURS_PER_DAY = 24;
export const HOURS_PER_WEEK = 7 * HOURS_PER_DAY;
