/**
 * The dashboard's language, as reactive state behind Paraglide's getLocale: every message and label read in a
 * template re-renders when it changes, without a reload (the data stays loaded). `html lang` follows it.
 */
import { BASE_LANGUAGE, type Language } from '$shared/i18n/language';
import { overwriteGetLocale } from '$shared/i18n/paraglide/runtime.js';
import { chooseLanguage } from './choose-language';

const STORAGE_KEY = 'tallyboard.language';

let current = $state<Language>(BASE_LANGUAGE);
overwriteGetLocale(() => current);

export const language = {
  get current(): Language {
    return current;
  }
};

/** Storage may be unavailable (private mode, blocked cookies): the choice then lasts for the visit. */
function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function apply(next: Language): void {
  current = next;
  document.documentElement.lang = next;
}

/** On load and again once the manifest names the campaign's default. A ?lang= is remembered like the switcher. */
export function startLanguage(campaignDefault?: string): void {
  const lang = new URLSearchParams(location.search).get('lang');
  apply(chooseLanguage({ query: location.search, stored: stored(), campaign: campaignDefault }));
  if (lang === current) remember(current);
}

function remember(next: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* see stored() */
  }
}

/** The switcher: applied at once and remembered; a ?lang= in the address would contradict it, so it goes. */
export function chooseLanguageNow(next: Language): void {
  apply(next);
  remember(next);
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.delete('lang');
    history.replaceState(history.state, '', url);
  }
}
