import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../data-pipeline/sources/types.ts';
import { campaignTimeRange } from '../../../data-pipeline/validate/time-range.ts';
import { RecordValidator } from '../../../data-pipeline/validate/validate.ts';

/** Records whose fields are not all text, as an OSDI or PostgreSQL source can give them: ajv names the error. */
describe('RecordValidator on fields that are not text', () => {
  const validator = new RecordValidator({ timeZone: 'Europe/Moscow', range: campaignTimeRange({ start: '2024-01-15' }, undefined, Date.parse('2024-06-01T12:00:00Z')) });
  const record = (fields: Record<string, unknown>, row: number): RawRecord => ({ origin: 'postgres:people', row, source: 'crm', fields: fields as RawRecord['fields'], raw: JSON.stringify(fields) });

  it('rejects a number where text belongs, naming the field and the row', () => {
    expect(validator.check(record({ id: 'a', created_at: '2024-02-01T10:00:00Z', city: 42 }, 7))).toEqual({
      origin: 'postgres:people',
      row: 7,
      field: 'city',
      reason: 'must be string,null',
      raw: '{"id":"a","created_at":"2024-02-01T10:00:00Z","city":42}'
    });
    expect(validator.check(record({ id: 'b', created_at: 1706781600000 }, 8))).toMatchObject({ row: 8, field: 'created_at', reason: 'must be string' });
  });

  it('calls a missing or null created_at a missing value', () => {
    expect(validator.check(record({ id: 'c', city: 'Омск' }, 9))).toMatchObject({ field: 'created_at', reason: 'missing value' });
    expect(validator.check(record({ id: 'd', created_at: null }, 10))).toMatchObject({ field: 'created_at', reason: 'missing value' });
  });

  it('names what ajv names first when created_at is missing beside a field that is not text', () => {
    // ajv checks the required fields before the types, then the types in the schema's order (id before created_at).
    expect(validator.check(record({ id: 'f', city: 42 }, 12))).toMatchObject({ field: 'created_at', reason: 'missing value' });
    expect(validator.check(record({ id: 5, created_at: null }, 13))).toMatchObject({ field: 'id', reason: 'must be string,null' });
  });

  it('accepts text and nulls after a rejection', () => {
    expect(validator.check(record({ id: 'e', created_at: '2024-02-01T10:00:00Z', city: null, region: 'Омская область' }, 11))).toBeNull();
    expect(validator.accepted.region).toBe('Омская область');
  });
});
