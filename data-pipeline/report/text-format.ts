/** Number and time formatting shared by the text, HTML and CSV renderings, so they always agree. */
import { msOfHour } from '../../shared/time/hours.ts';

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** Relative change of `value` against `reference`, e.g. "+12%"; "new" when the reference is zero. */
export function change(value: number, reference: number): string {
  if (reference === 0) return value === 0 ? '±0%' : 'new';
  const pct = Math.round(((value - reference) / reference) * 100);
  return pct > 0 ? `+${pct}%` : pct < 0 ? `−${-pct}%` : '±0%';
}

/** Signed absolute difference, e.g. "+38" / "−6". */
export function delta(value: number): string {
  const n = Math.round(value);
  return n > 0 ? `+${int(n)}` : n < 0 ? `−${int(-n)}` : '±0';
}

/** "HH:mm" of an hour (since epoch, UTC) in the campaign time zone. */
export function localTime(hour: number, timeZone: string): string {
  return new Date(msOfHour(hour)).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export function localTimeOfIso(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
