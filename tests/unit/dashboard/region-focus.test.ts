import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import type { EventAttribution } from '../../../shared/metrics/attribution.ts';
import { focusFromQuery, focusHref, regionLinkParams, withFocus } from '../../../shared/link/filter-query.ts';
import { createEngine, DEFAULT_FILTERS } from '../../../shared/scan/scan-engine.ts';
import { regionFocus } from '../../../src/lib/page/region-focus.ts';
import { loadSynthetic } from '../../support/load-synthetic.ts';

let data: Dataset;
beforeAll(async () => {
  data = await loadSynthetic();
});

describe('region focus', () => {
  it("is a region's readiness, rank by share of cap, open headquarters, unresolved counts and own events", () => {
    const engine = createEngine(data);
    const scan = engine.regional();
    const lifts = new Map<string, EventAttribution>(data.events.map((e, i) => [e.id, { id: e.id, lift: i, low: 0, high: i, start: 0, end: 1, hourly: new Float64Array(1) }]));
    const focus = regionFocus(data, scan, 'RU-NVS', lifts)!;
    const r = data.manifest.dimensions.region.indexOf('RU-NVS');
    const c = data.registrations.columns;
    let registered = 0;
    for (let i = 0; i < data.registrations.rows; i++) if (c.region[i] === r) registered += c.registered[i];
    expect(focus.readiness.registered).toBe(registered);
    const shares = data.regions.map((x) => ({ code: x.code, share: (scan.regions.get(x.code)?.available ?? 0) / x.cap }));
    const ahead = shares.filter((x) => x.share > focus.readiness.share! || (x.share === focus.readiness.share && x.code < 'RU-NVS')).length;
    expect(focus.rank).toBe(ahead + 1);
    expect(focus.ranked).toBe(data.regions.length);
    expect(focus.unresolved).toEqual(data.regions.find((x) => x.code === 'RU-NVS')!.unresolved);
    expect(focus.headquarters.every(({ hq }) => hq.regionCode === 'RU-NVS')).toBe(true);
    const reach = focus.headquarters.reduce((s, h) => s + h.reach, 0);
    if (focus.headquarters.length) expect(reach).toBeCloseTo(scan.regions.get('RU-NVS')!.reachable, 6);
    expect(focus.events.map((e) => e.event.id).sort()).toEqual(data.events.filter((e) => e.regionCode === 'RU-NVS').map((e) => e.id).sort());
    for (const e of focus.events) expect(e.lift).toBe(lifts.get(e.event.id));
    expect(regionFocus(data, scan, 'XX-NOPE', lifts)).toBeNull();
    engine.dispose();
  });

  it('round-trips through the URL, keeping the other filters, and the report links to it', () => {
    const dims = data.manifest.dimensions;
    const href = focusHref({ ...DEFAULT_FILTERS, hours: [420_000, 420_024], stage: 'future' }, 'RU-NVS');
    expect(href).toBe('?from=2017-11-30T00:00Z&to=2017-12-01T00:00Z&region=RU-NVS&stage=future&focus=RU-NVS');
    expect(focusFromQuery(href, dims)).toBe('RU-NVS');
    expect(focusFromQuery('?focus=XX-NOPE', dims)).toBeNull();
    expect(withFocus('', 'RU-MOW')).toBe('?focus=RU-MOW');
    expect(withFocus('?stage=phone', null)).toBe('?stage=phone');
    expect(regionLinkParams(['RU-NVS'])).toEqual([['region', 'RU-NVS'], ['focus', 'RU-NVS']]);
    expect(regionLinkParams(['RU-LEN', 'RU-SPE'])).toEqual([['region', 'RU-LEN,RU-SPE']]);
    expect(regionLinkParams([])).toEqual([]);
  });
});
