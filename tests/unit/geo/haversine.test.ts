import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../shared/geo/haversine.ts';

describe('haversineKm', () => {
  it('measures great-circle distances on the mean-radius sphere', () => {
    expect(haversineKm(55.7558, 37.6173, 55.7558, 37.6173)).toBe(0);
    // Moscow – Saint Petersburg, ~634 km.
    expect(haversineKm(55.7558, 37.6173, 59.9343, 30.3351)).toBeCloseTo(634, -1);
    // A quarter of the equator.
    expect(haversineKm(0, 0, 0, 90)).toBeCloseTo((Math.PI / 2) * 6371.0088, 6);
  });

  it('stays finite for antipodal points', () => {
    expect(haversineKm(10, 20, -10, -160)).toBeCloseTo(Math.PI * 6371.0088, 2);
  });
});
