/**
 * Adaptive time bins for the hourly series: the chart shows hours when zoomed in and days or weeks over the
 * whole campaign, so a bar never gets thinner than a few pixels and the shape stays readable.
 * Bins are aligned to the campaign's local midnight (days) and local Monday (weeks), not to UTC, because
 * "yesterday" and "this week" mean the campaign's calendar.
 */
export const BIN_HOURS = [1, 24, 168] as const;
export type BinHours = (typeof BIN_HOURS)[number];

/** Hour 0 of the epoch is a Thursday; hour 96 is Monday 1970-01-05 00:00 UTC. */
const EPOCH_MONDAY_HOUR = 96;

/** The finest bin that keeps at least `minPxPerBin` pixels per bin for `spanHours` drawn over `widthPx`. */
export function chooseBin(spanHours: number, widthPx: number, minPxPerBin = 3): BinHours {
  const maxBins = Math.max(1, widthPx / minPxPerBin);
  for (const bin of BIN_HOURS) if (spanHours / bin <= maxBins) return bin;
  return 168;
}

/** First hour (since epoch, UTC) of the bin holding `hour`, with bins aligned to local time `offsetHours` east of UTC. */
export function binStart(hour: number, bin: number, offsetHours = 0): number {
  if (bin <= 1) return hour;
  const anchor = (bin === 168 ? EPOCH_MONDAY_HOUR : 0) - offsetHours;
  return Math.floor((hour - anchor) / bin) * bin + anchor;
}

// Building an Intl.DateTimeFormat costs about a millisecond; views ask for the offset on every filter change.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric' });
    } catch {
      // An unknown zone name: treat the campaign as UTC rather than failing the page.
    }
    formatters.set(timeZone, f);
  }
  return formatters.get(timeZone) ?? null;
}

// formatToParts takes a fraction of a millisecond, and a brush move asks for a handful of offsets: remember
// them per zone and hour. Bounded, since a long session can ask about any hour.
const offsets = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

/** The UTC offset of `timeZone` in whole hours at `atMs`; 0 for an unknown zone. */
export function timeZoneOffsetHours(timeZone: string, atMs: number): number {
  const hour = Math.floor(atMs / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const f = formatterFor(timeZone);
  if (!f) return 0;
  const parts = f.formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'));
  const offset = Math.round((local - hour * 3_600_000) / 3_600_000);
  if (offsets.size >= MAX_REMEMBERED) offsets.clear();
  offsets.set(key, offset);
  return offset;
}
