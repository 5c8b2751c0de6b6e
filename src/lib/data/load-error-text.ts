import type { LoadErrorKind } from './fetch-dataset';
import { m } from '$shared/i18n/paraglide/messages.js';

/** What each kind of load failure is called and what to do about it, in the page's language. */
export const LOAD_ERROR_TITLES: Record<LoadErrorKind, () => string> = { missing: m.error_missing, version: m.error_version, network: m.error_network, corrupt: m.error_corrupt };
export const LOAD_ERROR_HINTS: Record<LoadErrorKind, () => string> = { missing: m.hint_missing, version: m.hint_version, network: m.hint_network, corrupt: m.hint_corrupt };
