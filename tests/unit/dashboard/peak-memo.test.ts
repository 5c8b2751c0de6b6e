import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../../shared/cube/format.ts';
import type { EventAttribution } from '../../../shared/metrics/attribution.ts';
import type { SeriesPoint } from '../../../shared/scan/types.ts';
import { PeakMemo } from '../../../src/lib/page/peak-memo.ts';

const HOURS = 24 * 21;
const BURST = 24 * 14 + 10;

function series(extra: number): SeriesPoint[] {
  return Array.from({ length: HOURS }, (_, i) => {
    const base = 20 + 10 * Math.sin((2 * Math.PI * (i % 24)) / 24);
    const registered = Math.round(base + (i >= BURST && i < BURST + 6 ? extra : 0));
    return { hour: 400_000 + i, counts: { registered, phone: Math.round(base / 2), email: 0, questionnaire: 0, future: 0 } };
  });
}

const events: EventRow[] = [{ id: 'e1', time: new Date((400_000 + BURST - 2) * 3_600_000).toISOString(), title: 'TV', kind: 'press', regionCode: null, url: null }];
/** The event's fitted response: 150 a hour over the burst's six hours. */
const attribution = new Map<string, EventAttribution>([
  ['e1', { id: 'e1', lift: 900, low: 800, high: 1000, start: 400_000 + BURST, end: 400_000 + BURST + 6, hourly: new Float64Array(6).fill(150) }]
]);

describe('PeakMemo', () => {
  it("finds the burst and the attributed event's share of it", () => {
    const [top] = new PeakMemo().explain(series(200), 'registered', events, attribution);
    expect(top.peak.start).toBeLessThanOrEqual(400_000 + BURST);
    expect(top.peak.end).toBeGreaterThan(400_000 + BURST);
    expect(top.causes.map((c) => c.event.id)).toEqual(['e1']);
    expect(top.causes[0].share).toBeGreaterThan(0);
    expect(top.causes[0].share).toBeLessThanOrEqual(Math.min(900, top.peak.excess));
  });

  it('reuses its result while the series and the stage are the same, and only then', () => {
    const memo = new PeakMemo();
    const s = series(200);
    const first = memo.explain(s, 'registered', events, attribution);
    expect(memo.explain(s, 'registered', events, attribution)).toBe(first);
    expect(memo.explain(s, 'phone', events, attribution)).not.toBe(first);
    expect(memo.explain(series(200), 'phone', events, attribution)).not.toBe(first);
    expect(memo.explain(s, 'registered', events, new Map())).not.toBe(first);
  });
});
