/** Colours shared by the chart and the lists, so an event kind or a stage looks the same everywhere. */
import type { EventKind, Stage } from '$shared/cube/format';

/**
 * Event kinds: dark enough for white label text (WCAG AA, at least 4.9:1 each) and apart in hue and lightness
 * for colour-blind readers (Okabe–Ito's hues, darkened); the kind's name is always written beside its colour.
 */
export const KIND_COLORS: Record<EventKind, string> = {
  video: '#1f5f99',
  rally: '#a33b00',
  press: '#00704a',
  mailing: '#7a3e9d',
  regional: '#806200',
  plusone: '#b3245c',
  other: '#555f6d'
};

/** Light to dark along the funnel: later stages are subsets drawn on top. */
export const STAGE_COLORS: Record<Stage, string> = {
  registered: '#c6dbef',
  phone: '#9ecae1',
  email: '#6baed6',
  questionnaire: '#3182bd',
  future: '#08519c'
};
