/** Number and time formatting shared by the text, HTML and CSV renderings, so they always agree. */
import { formatInteger, formatPercent, type Language } from '../../shared/i18n/language.ts';
import { m } from '../../shared/i18n/paraglide/messages.js';
import { msOfHour } from '../../shared/time/hours.ts';

export const int = (n: number, language: Language): string => formatInteger(n, language);

export const percent = (share: number, language: Language): string => formatPercent(share, language);

/** Relative change of `value` against `reference`, e.g. "+12%"; "new" when the reference is zero. */
export function change(value: number, reference: number, language: Language): string {
  if (reference === 0) return value === 0 ? '±0%' : m.report_change_new({}, { locale: language });
  const pct = Math.round(((value - reference) / reference) * 100);
  return pct > 0 ? `+${pct}%` : pct < 0 ? `−${-pct}%` : '±0%';
}

/** Signed absolute difference, e.g. "+38" / "−6". */
export function delta(value: number, language: Language): string {
  const n = Math.round(value);
  return n > 0 ? `+${int(n, language)}` : n < 0 ? `−${int(-n, language)}` : '±0';
}

// 24-hour "HH:mm" reads the same in every language the product speaks, so times need no locale.
const clock = (ms: number, timeZone: string): string => new Date(ms).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "HH:mm" of an hour (since epoch, UTC) in the campaign time zone. */
export const localTime = (hour: number, timeZone: string): string => clock(msOfHour(hour), timeZone);

export const localTimeOfIso = (iso: string, timeZone: string): string => clock(Date.parse(iso), timeZone);
