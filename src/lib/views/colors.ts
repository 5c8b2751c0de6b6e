/** Colours shared by the chart and the lists, so an event kind or a stage looks the same everywhere. */
import { schemeTableau10 } from 'd3';
import { EVENT_KINDS, type EventKind, type Stage } from '$shared/cube/format';

export const KIND_COLORS = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, schemeTableau10[i % 10]])) as Record<EventKind, string>;

/** Light to dark along the funnel: later stages are subsets drawn on top. */
export const STAGE_COLORS: Record<Stage, string> = {
  registered: '#c6dbef',
  phone: '#9ecae1',
  email: '#6baed6',
  questionnaire: '#3182bd',
  future: '#08519c'
};
