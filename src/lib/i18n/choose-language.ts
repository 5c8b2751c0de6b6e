import { BASE_LANGUAGE, languageOf, type Language } from '$shared/i18n/language';

/** The reader's explicit choice first (?lang=, then the one remembered), then the campaign's default. */
export function chooseLanguage(from: { query: string; stored: string | null; campaign: string | undefined }): Language {
  return languageOf(new URLSearchParams(from.query).get('lang')) ?? languageOf(from.stored) ?? languageOf(from.campaign) ?? BASE_LANGUAGE;
}
