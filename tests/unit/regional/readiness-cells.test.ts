import { describe, expect, it } from 'vitest';
import type { ReadinessKey, ReadinessRow } from '../../../shared/metrics/readiness.ts';
import { readinessCells } from '../../../src/lib/views/readiness-cells.ts';

const row = (code: string, registered: number, share: number | null): ReadinessRow => ({
  code,
  name: code,
  nameLocal: '',
  registered,
  phone: 1,
  future: 0,
  available: 5,
  cap: share === null ? 0 : 10,
  share,
  forecast: 7,
  forecastLow: 6,
  forecastHigh: 9,
  headquarters: 2,
  status: 'on-track'
});

const format = {
  display: (r: ReadinessRow, key: ReadinessKey) => (key === 'share' ? (r.share === null ? '—' : `${Math.floor(r.share * 100)}%`) : String(r[key])),
  title: (r: ReadinessRow, key: ReadinessKey) => (key === 'forecast' ? `${r.forecastLow}–${r.forecastHigh}` : null)
};

describe('readinessCells', () => {
  it('lists the cells row by row in the columns’ order, with texts, raw values and titles', () => {
    const cells = readinessCells([row('A', 1200, 0.5), row('B', 30, null)], ['registered', 'share', 'forecast'], format);
    expect(cells.texts).toEqual(['1200', '50%', '7', '30', '—', '7']);
    // A region without a cap has no share: no data-value, as the markup left it out.
    expect(cells.values).toEqual([1200, 0.5, 7, 30, null, 7]);
    expect(cells.titles).toEqual([null, null, '6–9', null, null, '6–9']);
  });

  it('has no cells without rows', () => {
    expect(readinessCells([], ['registered'], format)).toEqual({ texts: [], values: [], titles: [] });
  });
});
