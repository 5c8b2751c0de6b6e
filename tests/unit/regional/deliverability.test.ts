import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import { binHoursFor, deliverySeries, detectOutages } from '../../../shared/metrics/deliverability.ts';
import { SYNTHETIC_OUTAGE, SYNTHETIC_START } from '../../support/synthetic-dataset.ts';
import { loadSynthetic } from '../../support/load-synthetic.ts';

describe('deliverability', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadSynthetic();
  });

  it('finds exactly the synthetic SMS outage', () => {
    const outages = detectOutages(dataset.deliveries, dataset.manifest);
    const from = SYNTHETIC_START / 3_600_000 + SYNTHETIC_OUTAGE.fromHourOffset;
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ channel: 'sms', gateway: SYNTHETIC_OUTAGE.gateway, from, to: from + SYNTHETIC_OUTAGE.hours });
    expect(outages[0].share).toBeLessThan(0.1);
    expect(detectOutages(dataset.deliveries, dataset.manifest, { minHours: 6 })).toHaveLength(0);
    expect(detectOutages(dataset.deliveries, dataset.manifest, { hours: [from - 100, from] })).toHaveLength(0);
  });

  it('bins by hour or day and keeps every message', () => {
    const m = dataset.manifest;
    const range: [number, number] = [m.hours.first, m.hours.last + 1];
    expect(binHoursFor(range)).toBe(24);
    expect(binHoursFor([0, 48])).toBe(1);
    const series = deliverySeries(dataset.deliveries, m, range);
    const volume = series.lines.reduce((s, l) => s + l.volume.reduce((a, b) => a + b, 0), 0);
    expect(volume).toBe(m.totals.deliveries);
    expect(series.lines.map((l) => `${l.channel}/${l.gateway}`).sort()).toEqual(['email/smtp', 'sms/smsalpha', 'sms/smsbeta', 'sms/smsgamma']);
    for (const line of series.lines) for (let b = 0; b < series.bins.length; b++) expect(line.delivered[b]).toBeLessThanOrEqual(line.volume[b]);
  });
});
