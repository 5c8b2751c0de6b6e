import { describe, expect, it } from 'vitest';
import { attributeEvents } from '../../../shared/metrics/attribution.ts';
import { responseValues, RESPONSE_CURVES } from '../../../shared/metrics/response-curves.ts';

const FIRST = 420_000;
const DAYS = 70;

/** A flat campaign with a daily rhythm; `boost` multiplies the rate from each event on by its kind's curve. */
function campaign(events: { hour: number; kind: 'video' | 'mailing'; amp: number; region?: boolean }[]) {
  const H = DAYS * 24;
  const national = new Float64Array(H);
  const region = new Float64Array(H);
  const truth = events.map(() => 0);
  for (let h = 0; h < H; h++) {
    const base = 40 + 30 * Math.sin(((h % 24) / 24) * 2 * Math.PI);
    const regionBase = base * 0.1;
    national[h] = base;
    region[h] = regionBase;
  }
  events.forEach((e, i) => {
    const shape = responseValues(RESPONSE_CURVES[e.kind], (FIRST + e.hour) * 3_600_000, FIRST, H);
    for (let h = 0; h < H; h++) {
      const added = (e.region ? region[h] : national[h]) * e.amp * shape[h];
      truth[i] += added;
      national[h] += added;
      if (e.region) region[h] += added;
    }
  });
  return { national, region, truth };
}

const iso = (hour: number): string => new Date((FIRST + hour) * 3_600_000).toISOString();

describe('attributeEvents', () => {
  it('splits two overlapping events instead of crediting each with the whole surge', () => {
    const { national, truth } = campaign([
      { hour: 30 * 24 + 10, kind: 'video', amp: 3 },
      { hour: 30 * 24 + 13, kind: 'mailing', amp: 2 }
    ]);
    const events = [
      { id: 'v', time: iso(30 * 24 + 10), kind: 'video' as const, regionCode: null },
      { id: 'm', time: iso(30 * 24 + 13), kind: 'mailing' as const, regionCode: null }
    ];
    const a = attributeEvents({ national: { first: FIRST, values: national }, regions: new Map(), events }, { resamples: 5 });
    const v = a.get('v')!;
    const m = a.get('m')!;
    expect(Math.abs(v.lift - truth[0]) / truth[0]).toBeLessThan(0.15);
    expect(Math.abs(m.lift - truth[1]) / truth[1]).toBeLessThan(0.25);
    let excess = 0;
    for (let h = v.start; h < Math.max(v.end, m.end); h++) excess += national[h - FIRST] - (40 + 30 * Math.sin((((h - FIRST) % 24) / 24) * 2 * Math.PI));
    expect(v.lift + m.lift).toBeLessThanOrEqual(excess + 1);
    expect(v.low).toBeLessThanOrEqual(v.lift);
    expect(v.high).toBeGreaterThanOrEqual(v.lift);
  });

  it('measures a regional event on its region, not on a national surge at the same time', () => {
    const { national, region, truth } = campaign([
      { hour: 40 * 24 + 12, kind: 'video', amp: 4 },
      { hour: 40 * 24 + 12, kind: 'mailing', amp: 3, region: true }
    ]);
    const events = [
      { id: 'national', time: iso(40 * 24 + 12), kind: 'video' as const, regionCode: null },
      { id: 'rally', time: iso(40 * 24 + 12), kind: 'rally' as const, regionCode: 'XX-R' }
    ];
    const a = attributeEvents({ national: { first: FIRST, values: national }, regions: new Map([['XX-R', { first: FIRST, values: region }]]), events }, { resamples: 5 });
    // The rally is credited with its region's excess (a few hundred), not the national video's thousands.
    expect(a.get('rally')!.lift).toBeLessThan(2 * truth[1]);
    expect(Math.abs(a.get('national')!.lift - truth[0]) / truth[0]).toBeLessThan(0.2);
  });

  it('credits nothing where nothing happened', () => {
    const { national } = campaign([]);
    const a = attributeEvents({ national: { first: FIRST, values: national }, regions: new Map(), events: [{ id: 'x', time: iso(35 * 24), kind: 'press', regionCode: null }] }, { resamples: 5 });
    expect(a.get('x')!.lift).toBe(0);
  });
});
