/** Number and time formatting shared by the views, in the dashboard's language; times in the campaign's zone. */
import type { Language } from '$shared/i18n/language';
import { getLocale } from '$shared/i18n/paraglide/runtime.js';
import { msOfHour } from '$shared/time/hours';

const groupSeparators = new Map<Language, string>();
/** The language's thousands separator, as Intl writes it ("," in English, a no-break space in Russian). */
function groupSeparator(language: Language): string {
  let sep = groupSeparators.get(language);
  if (sep === undefined) {
    sep = new Intl.NumberFormat(language).formatToParts(12345).find((p) => p.type === 'group')?.value ?? '';
    groupSeparators.set(language, sep);
  }
  return sep;
}

/**
 * Rounded, with the language's thousands separators ("12,345", "12 345"), grouped by hand: Intl.NumberFormat's
 * format costs a few microseconds a call, and a brush move formats about a thousand numbers across the views.
 */
export function formatCount(n: number): string {
  const rounded = Math.round(n);
  const digits = String(Math.abs(rounded));
  if (!/^\d+$/.test(digits) || digits.length <= 3) return String(rounded);
  const sep = groupSeparator(getLocale());
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `${sep}${digits.slice(i, i + 3)}`;
  return rounded < 0 ? `-${out}` : out;
}

/** A share of a cap or target, floored, so 100% only shows once it is reached; "—" without one. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.floor(share * 100)}%`;
}

export function formatRatio(r: number | null): string {
  if (r === null) return '—';
  const pct = r * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(Math.abs(pct) < 10 ? 1 : 0)}%`;
}

export function hourFormatter(timeZone: string, language: Language): (hour: number) => string {
  const f = new Intl.DateTimeFormat(language, { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (hour) => f.format(new Date(msOfHour(hour)));
}
