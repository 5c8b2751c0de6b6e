import { describe, expect, it } from 'vitest';
import { detectAlerts, gatewayOutages, regionsAtCap, registrationSilence } from '../../../data-pipeline/alerts/detect.ts';
import { DEFAULT_ALERTS } from '../../../data-pipeline/alerts/settings.ts';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import { DISTANCE_CLASSES, STAGES, type ColumnTable, type Manifest } from '../../../shared/cube/format.ts';

const H0 = Date.UTC(2026, 2, 2) / 3_600_000; // 2026-03-02 00:00 UTC

function table(rows: Array<Record<string, number>>, columns: readonly string[]): ColumnTable {
  return { rows: rows.length, columns: Object.fromEntries(columns.map((c) => [c, Int32Array.from(rows, (r) => r[c] ?? 0)])) };
}

/** Registrations by hour (offset from H0) in region 0, all "city" and fully converted; deliveries by hour as [delivered, failed] for gateway 0. */
function dataset(opts: { registrations: Array<[number, number]>; deliveries?: Array<[number, number, number]>; cap?: number; timeZone?: string }): Dataset {
  const reg = opts.registrations.map(([h, n]) => ({ hour: H0 + h, region: 0, source: 0, distance: 0, ...Object.fromEntries(STAGES.map((s) => [s, n])) }));
  const del = (opts.deliveries ?? []).flatMap(([h, ok, bad]) => [
    { hour: H0 + h, channel: 0, gateway: 0, status: 1, count: ok },
    { hour: H0 + h, channel: 0, gateway: 0, status: 2, count: bad }
  ]);
  const hours = [...reg, ...del].map((r) => r.hour);
  const manifest = {
    generatedAt: '2026-03-03T00:00:00Z',
    campaign: { name: 'Test', pack: 'ru', timeZone: opts.timeZone ?? 'UTC', window: { start: '2026-03-01', end: '2026-03-31' }, target: 100, totalCap: 100, regionCap: 100, nearKm: 50, dashboardUrl: null },
    hours: { first: Math.min(...hours), last: Math.max(...hours) },
    dimensions: { region: ['RU-MOW'], source: ['site'], distance: [...DISTANCE_CLASSES], channel: ['sms'], gateway: ['smsbeta'], status: ['sent', 'delivered', 'failed'] }
  } as unknown as Manifest;
  return {
    manifest,
    registrations: table(reg, ['hour', 'region', 'source', 'distance', ...STAGES]),
    deliveries: table(del, ['hour', 'channel', 'gateway', 'status', 'count']),
    regions: [{ code: 'RU-MOW', name: 'Moscow', nameLocal: 'Москва', timezone: 'Europe/Moscow', population: 1, cap: opts.cap ?? 1000 }],
    headquarters: [],
    events: [],
    shapes: { type: 'Topology', objects: {}, arcs: [] }
  };
}

describe('gatewayOutages', () => {
  it('reports a failing run that reaches the latest hour, not one that is over', () => {
    const failingNow = dataset({ registrations: [[0, 5]], deliveries: [[0, 90, 10], [1, 10, 90], [2, 5, 95]] });
    const [outage] = gatewayOutages(failingNow, DEFAULT_ALERTS);
    expect(outage).toMatchObject({ key: 'gateway-outage sms/smsbeta', kind: 'gateway-outage', sinceHour: H0 + 1 });
    expect(outage.summary).toContain('8% delivered over the last 2 h');
    const recovered = dataset({ registrations: [[0, 5]], deliveries: [[0, 10, 90], [1, 90, 10]] });
    expect(gatewayOutages(recovered, DEFAULT_ALERTS)).toEqual([]);
  });

  it('waits for outageHours and ignores hours too quiet to judge', () => {
    const data = dataset({ registrations: [[0, 5]], deliveries: [[0, 90, 10], [1, 10, 90]] });
    expect(gatewayOutages(data, { ...DEFAULT_ALERTS, outageHours: 2 })).toEqual([]);
    expect(gatewayOutages(dataset({ registrations: [[0, 5]], deliveries: [[0, 1, 5]] }), DEFAULT_ALERTS)).toEqual([]);
  });
});

describe('registrationSilence', () => {
  const lastAt10 = dataset({ registrations: [[10, 3]] }); // last registration 10:00–11:00 UTC

  it('counts complete daytime hours since the last registration', () => {
    // 11:00, 12:00 complete at 13:00: two hours, below three.
    expect(registrationSilence(lastAt10, DEFAULT_ALERTS, H0 + 13)).toEqual([]);
    const [silence] = registrationSilence(lastAt10, DEFAULT_ALERTS, H0 + 14);
    expect(silence).toMatchObject({ key: 'no-registrations', sinceHour: H0 + 11 });
    expect(silence.summary).toContain('no registrations for 3 daytime hours');
  });

  it('does not count the night', () => {
    const lastAt20 = dataset({ registrations: [[20, 3]] });
    // 21:00 to 09:00 next day is night; 09:00, 10:00 are daytime: two hours by 11:00.
    expect(registrationSilence(lastAt20, DEFAULT_ALERTS, H0 + 24 + 11)).toEqual([]);
    expect(registrationSilence(lastAt20, DEFAULT_ALERTS, H0 + 24 + 12)).toHaveLength(1);
  });

  it('reads daytime in the campaign time zone, and stays quiet after the window', () => {
    const moscow = dataset({ registrations: [[10, 3]], timeZone: 'Europe/Moscow' });
    // 18:00–21:00 UTC is 21:00–24:00 in Moscow: night there.
    expect(registrationSilence(moscow, DEFAULT_ALERTS, H0 + 21)).toHaveLength(1);
    expect(registrationSilence(moscow, { ...DEFAULT_ALERTS, silentHours: 8 }, H0 + 21)).toEqual([]);
    expect(registrationSilence(lastAt10, DEFAULT_ALERTS, Date.UTC(2026, 2, 31, 23) / 3_600_000)).toHaveLength(1);
    expect(registrationSilence(lastAt10, DEFAULT_ALERTS, Date.UTC(2026, 3, 1, 12) / 3_600_000)).toEqual([]);
  });
});

describe('regionsAtCap', () => {
  it('reports a region whose available supporters reached the share of its cap', () => {
    const data = dataset({ registrations: [[0, 60], [1, 40]], cap: 100 });
    expect(regionsAtCap(data, DEFAULT_ALERTS).map((c) => c.key)).toEqual(['region-cap RU-MOW']);
    expect(regionsAtCap(dataset({ registrations: [[0, 60]], cap: 100 }), DEFAULT_ALERTS)).toEqual([]);
    expect(regionsAtCap(dataset({ registrations: [[0, 60]], cap: 100 }), { ...DEFAULT_ALERTS, capShare: 0.5 })).toHaveLength(1);
  });
});

describe('detectAlerts', () => {
  it('lists every kind at once', () => {
    const data = dataset({ registrations: [[0, 100]], deliveries: [[0, 1, 99]], cap: 100 });
    expect(detectAlerts(data, DEFAULT_ALERTS, Date.UTC(2026, 2, 2, 15)).map((c) => c.kind)).toEqual(['gateway-outage', 'no-registrations', 'region-cap']);
  });
});
