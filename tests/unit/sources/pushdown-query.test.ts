/**
 * The pushdown statement's text, before any database: which columns it may read, which timestamp types it refuses,
 * and which parameters it binds (PostgreSQL refuses a bound parameter the statement never uses). Its results are
 * held to the row-by-row reader against a real server in tests/integration/sources/postgres-pushdown.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RegistrationField } from '../../../data-pipeline/config/campaign.ts';
import { pushdownQuery, untypedTimestamps } from '../../../data-pipeline/sources/postgres/pushdown-query.ts';
import { DATE, TIMESTAMP, TIMESTAMPTZ } from '../../../data-pipeline/sources/postgres/table.ts';

const TEXT = 25;
const input = (columns: Array<[RegistrationField, number]>, periodStarts: number[] = []) => ({
  table: '"crm"."Signups"',
  columns: new Map(columns),
  sourceName: 'crm-db',
  timeZone: 'Europe/Moscow',
  range: { from: 0, to: 1 },
  periodStarts
});

describe('pushdownQuery', () => {
  it('reads the table through a select of our present columns only', () => {
    const q = pushdownQuery(input([['created_at', TIMESTAMPTZ], ['city', TEXT], ['id', TEXT]]));
    expect(q.text).toContain('FROM (SELECT "created_at", "city", "id" FROM "crm"."Signups") AS mapped');
    expect(q.text.match(/FROM "crm"/g)).toHaveLength(1);
    expect(q.rejectFields).toEqual(['created_at', 'city', 'id']);
  });

  it('binds the time zone only for local timestamps, and the period starts only when there are some', () => {
    const instants = pushdownQuery(input([['created_at', TIMESTAMPTZ], ['city', TEXT]]));
    expect(instants.values).not.toContain('Europe/Moscow');
    const local = pushdownQuery(input([['created_at', DATE], ['city', TEXT], ['email_confirmed_at', TIMESTAMP]], [5, 9]));
    expect(local.values).toContain('Europe/Moscow');
    expect(local.values).toContainEqual(['5', '9']);
    for (const q of [instants, local]) {
      const used = new Set([...q.text.matchAll(/\$(\d+)::/g)].map((m) => Number(m[1])));
      expect([...used].sort((a, b) => a - b)).toEqual(q.values.map((_, i) => i + 1));
    }
  });

  it('finds timestamp columns of other types, and refuses to build a statement over them', () => {
    const columns: Array<[RegistrationField, number]> = [['created_at', TEXT], ['city', TEXT], ['phone_confirmed_at', TIMESTAMPTZ], ['questionnaire_at', 1043]];
    expect(untypedTimestamps(new Map(columns))).toEqual([['created_at', TEXT], ['questionnaire_at', 1043]]);
    expect(() => pushdownQuery(input(columns))).toThrow(/created_at, questionnaire_at/);
  });
});
