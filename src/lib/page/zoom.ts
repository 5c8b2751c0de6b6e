/**
 * The time series' visible window (its domain, in hours) within the data's bounds: at least 12 hours wide, never
 * wider than the data, whole hours.
 */
export type HourRange = [number, number];

/** Never narrower than this, so a one-hour selection still shows its neighbourhood. */
const MIN_SPAN_HOURS = 12;
/** Around a selection: at least a day of context on each side, or half the selection when it is longer. */
const MIN_MARGIN_HOURS = 24;

export function clampDomain(bounds: HourRange, [a, b]: HourRange): HourRange {
  const full = bounds[1] - bounds[0];
  const span = Math.min(full, Math.max(MIN_SPAN_HOURS, b - a));
  const start = Math.min(Math.max(bounds[0], Math.round(a)), bounds[1] - span);
  return [start, start + Math.round(span)];
}

/** The visible window around a selection: the selection plus a margin on each side. */
export function around(bounds: HourRange, [a, b]: HourRange): HourRange {
  const margin = Math.max(MIN_MARGIN_HOURS, (b - a) / 2);
  return clampDomain(bounds, [a - margin, b + margin]);
}

/**
 * Showing an event at `hour`: the selection is its effect (6 hours before to two days after), the window the
 * three days before and five after, so the rise and the return to normal are both in view.
 */
export function eventFocus(bounds: HourRange, hour: number): { hours: HourRange; domain: HourRange } {
  return {
    hours: [Math.max(bounds[0], hour - 6), Math.min(bounds[1], hour + 48)],
    domain: clampDomain(bounds, [hour - 72, hour + 120])
  };
}

/** Twice as wide, around the same middle. */
export function zoomOut(bounds: HourRange, [a, b]: HourRange): HourRange {
  return clampDomain(bounds, [a - (b - a) / 2, b + (b - a) / 2]);
}
