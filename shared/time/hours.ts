/** The cube's time axis, whole UTC hours since the epoch, from and to instants and ISO 8601 text. */
import { HOUR_MS } from './units';

/** The hour holding an instant (ms since the epoch). */
export const hourOfMs = (ms: number): number => Math.floor(ms / HOUR_MS);

/** The hour holding an ISO 8601 timestamp; NaN when it is not one. */
export const hourOfIso = (iso: string): number => hourOfMs(Date.parse(iso));

/** The instant (ms since the epoch) an hour starts at. */
export const msOfHour = (hour: number): number => hour * HOUR_MS;

/** An hour as a short UTC ISO text, "2017-12-10T15:00Z". */
export const isoOfHour = (hour: number): string => new Date(msOfHour(hour)).toISOString().slice(0, 13) + ':00Z';
