/**
 * The product's languages and the formatting that depends on them, for the dashboard and the report alike.
 * Languages are Paraglide's locales (project.inlang/settings.json): adding one there and a messages/<code>.json
 * is all a new language needs here.
 */
import { baseLocale, isLocale, locales, type Locale } from './paraglide/runtime.js';

export type Language = Locale;
export const LANGUAGES: readonly Language[] = locales;
export const BASE_LANGUAGE: Language = baseLocale;

/** `value` when it names a language the product speaks. */
export function languageOf(value: string | null | undefined): Language | null {
  return value && isLocale(value) ? value : null;
}

/** The language a pack's `nameLocal` is written in; other languages read the English `name`. */
const PACK_LANGUAGE: Record<'ru' | 'us', string> = { ru: 'ru', us: 'en' };

export function regionName(region: { name: string; nameLocal: string }, language: Language, pack: 'ru' | 'us'): string {
  return PACK_LANGUAGE[pack] === language && region.nameLocal ? region.nameLocal : region.name;
}

const integerFormats = new Map<Language, Intl.NumberFormat>();
/** Whole numbers with the language's grouping ("12,345", "12 345"); formatters are cached per language. */
export function formatInteger(n: number, language: Language): string {
  let f = integerFormats.get(language);
  if (!f) integerFormats.set(language, (f = new Intl.NumberFormat(language, { maximumFractionDigits: 0 })));
  return f.format(Math.round(n));
}

export function formatPercent(share: number, language: Language, fractionDigits = 1): string {
  return new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(share);
}

/** "Wednesday 1 June 2016" / "среда, 1 июня 2016 г." of an ISO date, read as a calendar day. */
export function formatLongDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "1 Jun" / "1 июн." of an ISO date. */
export function formatShortDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
