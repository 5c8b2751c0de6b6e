import { describe, expect, it } from 'vitest';
import { campaignTimeRange, outOfRange } from '../../../data-pipeline/validate/time-range.ts';
import { RecordValidator } from '../../../data-pipeline/validate/validate.ts';

const NOW = Date.parse('2024-06-01T12:00:00Z');

describe('campaignTimeRange', () => {
  it('defaults to two years before the window to a day after the build', () => {
    const r = campaignTimeRange({ start: '2024-01-15' }, undefined, NOW);
    expect(new Date(r.from).toISOString()).toBe('2022-01-15T00:00:00.000Z');
    expect(r.to).toBe(NOW + 86_400_000);
    expect(outOfRange(r, Date.parse('2023-05-01T00:00:00Z'), 'x')).toBeNull();
    expect(outOfRange(r, Date.parse('9999-12-31T23:00:00Z'), '9999-12-31T23:00:00Z')).toBe("outside the campaign's time range (2022-01-15 … 2024-06-02): \"9999-12-31T23:00:00Z\"");
  });

  it('takes either end from the config, never before 2000', () => {
    const r = campaignTimeRange({ start: '2024-01-15' }, { from: '1990-01-01', to: '2030-01-01' }, NOW);
    expect(new Date(r.from).toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(new Date(r.to).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
});

describe('RecordValidator with a time range', () => {
  const validator = new RecordValidator({ timeZone: 'Europe/Moscow', range: campaignTimeRange({ start: '2024-01-15' }, undefined, NOW) });
  const record = (fields: Record<string, string>, row: number) => ({ origin: 'r.csv', row, source: 'site', fields, raw: JSON.stringify(fields) });

  it('rejects registrations and stages from the far future or past, naming the field', () => {
    expect(validator.check(record({ id: 'a', created_at: '9999-12-31T23:00:00Z' }, 1))).toMatchObject({ row: 1, field: 'created_at', reason: expect.stringMatching(/^outside the campaign's time range/) });
    expect(validator.check(record({ id: 'b', created_at: '2099-01-01T00:00:00Z' }, 2))).toMatchObject({ field: 'created_at' });
    expect(validator.check(record({ id: 'c', created_at: '2019-01-01T00:00:00Z' }, 3))).toMatchObject({ field: 'created_at' });
    expect(validator.check(record({ id: 'd', created_at: '2024-03-01T10:00:00Z', phone_confirmed_at: '2099-01-01T00:00:00Z' }, 4))).toMatchObject({ field: 'phone_confirmed_at' });
    expect(validator.check(record({ id: 'e', created_at: '2024-03-01T10:00:00Z', phone_confirmed_at: '2024-03-02T10:00:00Z' }, 5))).toBeNull();
  });
});
