import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../../shared/cube/format.ts';
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

describe('PeakMemo', () => {
  it('finds the burst and the event that may explain it', () => {
    const [top] = new PeakMemo().explain(series(200), 'registered', events);
    expect(top.peak.start).toBeLessThanOrEqual(400_000 + BURST);
    expect(top.peak.end).toBeGreaterThan(400_000 + BURST);
    expect(top.causes.map((c) => c.event.id)).toEqual(['e1']);
  });

  it('reuses its result while the series and the stage are the same, and only then', () => {
    const memo = new PeakMemo();
    const s = series(200);
    const first = memo.explain(s, 'registered', events);
    expect(memo.explain(s, 'registered', events)).toBe(first);
    expect(memo.explain(s, 'phone', events)).not.toBe(first);
    expect(memo.explain(series(200), 'phone', events)).not.toBe(first);
  });
});
