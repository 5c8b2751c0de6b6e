/**
 * Names of the data's categories in each language, for the dashboard, the report and the CSV. Without
 * `language` a label follows Paraglide's current locale: the dashboard's chosen language (its getLocale is
 * reactive), the base language in Node, where the report always passes one.
 */
import type { EventKind, Stage } from '../cube/format';
import type { ReadinessKey, ReadinessStatus } from '../metrics/readiness';
import type { Language } from './language';
import { m } from './paraglide/messages.js';

type Message = (inputs: Record<string, never>, options: { locale?: Language }) => string;
const say = (message: Message, language?: Language): string => message({}, { locale: language });

const STAGE: Record<Stage | 'available', Message> = {
  registered: m.stage_registered,
  phone: m.stage_phone,
  email: m.stage_email,
  questionnaire: m.stage_questionnaire,
  future: m.stage_future,
  available: m.stage_available
};
export const stageLabel = (stage: Stage | 'available', language?: Language): string => say(STAGE[stage], language);

const STATUS: Record<ReadinessStatus, Message> = { capped: m.status_capped, 'on-track': m.status_on_track, 'at-risk': m.status_at_risk, 'no-cap': m.status_no_cap };
export const statusLabel = (status: ReadinessStatus, language?: Language): string => say(STATUS[status], language);

/** `label` in the CSV and the header's tooltip; `short` in the header, so ten columns fit a desktop screen. */
const COLUMN: Record<ReadinessKey, { label: Message; short: Message }> = {
  code: { label: m.col_region_code, short: m.col_region_code },
  name: { label: m.col_region, short: m.col_region },
  registered: { label: m.col_registered, short: m.col_registered_short },
  phone: { label: m.col_phone, short: m.col_phone_short },
  future: { label: m.col_future, short: m.col_future_short },
  available: { label: m.col_available, short: m.col_available },
  cap: { label: m.col_cap, short: m.col_cap },
  share: { label: m.col_share, short: m.col_share_short },
  forecast: { label: m.col_forecast, short: m.col_forecast_short },
  headquarters: { label: m.col_headquarters, short: m.col_headquarters_short },
  status: { label: m.col_status, short: m.col_status }
};
export const columnLabel = (key: ReadinessKey, language?: Language): string => say(COLUMN[key].label, language);
export const columnShort = (key: ReadinessKey, language?: Language): string => say(COLUMN[key].short, language);

const KIND: Record<EventKind, Message> = {
  video: m.kind_video,
  rally: m.kind_rally,
  press: m.kind_press,
  mailing: m.kind_mailing,
  regional: m.kind_regional,
  plusone: m.kind_plusone,
  other: m.kind_other
};
export const eventKindLabel = (kind: EventKind, language?: Language): string => say(KIND[kind], language);

const DISTANCE: Record<string, Message> = { city: m.distance_city, near: m.distance_near, far: m.distance_far, unknown: m.distance_unknown };
export const distanceLabel = (key: string, language?: Language): string => (DISTANCE[key] ? say(DISTANCE[key], language) : key);
