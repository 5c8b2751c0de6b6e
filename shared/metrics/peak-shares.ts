/**
 * "What caused this peak": the events whose attributed response falls in the peak's hours, each with the
 * registrations of the peak it accounts for. Read from the attribution, so the shares of overlapping events
 * are parts of one fit, not each event's whole lift; scaled down if needed so they sum to at most the peak's
 * excess over its baseline.
 */
import type { EventAttribution } from './attribution';
import type { EventLike, Peak } from './peaks';

export interface PeakShare<E extends EventLike> {
  event: E;
  /** Registrations of the peak attributed to the event. */
  share: number;
  attribution: EventAttribution;
}

export function peakShares<E extends EventLike>(peak: Peak, events: readonly E[], attribution: ReadonlyMap<string, EventAttribution>): PeakShare<E>[] {
  const raw: { event: E; attribution: EventAttribution; share: number }[] = [];
  for (const event of events) {
    const a = attribution.get(event.id);
    if (!a || a.end <= peak.start || a.start >= peak.end) continue;
    let share = 0;
    for (let h = Math.max(a.start, peak.start); h < Math.min(a.end, peak.end); h++) share += a.hourly[h - a.start];
    if (share >= 0.5) raw.push({ event, attribution: a, share });
  }
  const total = raw.reduce((s, c) => s + c.share, 0);
  const f = total > peak.excess ? Math.max(0, peak.excess) / total : 1;
  return raw.map((c) => ({ ...c, share: Math.floor(c.share * f) })).sort((a, b) => b.share - a.share);
}
