import { describe, expect, it } from 'vitest';
import { around, clampDomain, eventFocus, zoomOut, type HourRange } from '../../../src/lib/page/zoom.ts';

const bounds: HourRange = [1000, 2000];

describe('time series zoom', () => {
  it('keeps the window inside the data, at least 12 hours wide, on whole hours', () => {
    expect(clampDomain(bounds, [1500.4, 1501])).toEqual([1500, 1512]);
    expect(clampDomain(bounds, [900, 1100])).toEqual([1000, 1200]);
    expect(clampDomain(bounds, [1950, 2100])).toEqual([1850, 2000]);
    expect(clampDomain(bounds, [0, 5000])).toEqual(bounds);
  });

  it('shows a selection with a day, or half its length, on each side', () => {
    expect(around(bounds, [1500, 1510])).toEqual([1476, 1534]);
    expect(around(bounds, [1400, 1600])).toEqual([1300, 1700]);
  });

  it('focuses an event: its effect selected, the days around it in view', () => {
    expect(eventFocus(bounds, 1500)).toEqual({ hours: [1494, 1548], domain: [1428, 1620] });
    expect(eventFocus(bounds, 1990)).toEqual({ hours: [1984, 2000], domain: [1808, 2000] });
  });

  it('zooms out around the middle', () => {
    expect(zoomOut(bounds, [1400, 1600])).toEqual([1300, 1700]);
    expect(zoomOut(bounds, [1000, 1800])).toEqual([1000, 2000]);
  });
});
