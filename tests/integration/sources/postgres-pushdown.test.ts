/**
 * Pushdown mode against a real, throwaway PostgreSQL (tests/support/postgres-server.ts): the groups it returns,
 * summed, equal what the row-by-row reader's records give through RecordValidator, rejects included word for word;
 * no personal column is read (the reader's role may not read one); and partial reads over disjoint sets of
 * registrations sum to the whole (cubes add).
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSource } from '../../../data-pipeline/sources/postgres.ts';
import { readPushdown, type PushdownOptions } from '../../../data-pipeline/sources/postgres/pushdown.ts';
import type { PostgresSourceConfig } from '../../../data-pipeline/sources/postgres/table.ts';
import type { Rejection } from '../../../data-pipeline/validate/validate.ts';
import { mulberry32 } from '../../../shared/random/mulberry32.ts';
import { runSql, startPostgres, type PostgresServer } from '../../support/postgres-server.ts';
import { failure } from '../../support/records.ts';
import { drainPushdown, groupRecords, type Grouped } from '../../support/registration-groups.ts';

const ROWS = 3_000;
const MAPPED = 'id, created_at, city, region, source, phone_confirmed_at, email_confirmed_at, questionnaire_at';
let server: PostgresServer | null = null;

const sql = (text: string, params: unknown[] = []): Promise<pg.QueryResult> => runSql(server!.url, text, params);

const options: PushdownOptions = {
  timeZone: 'Europe/Moscow',
  range: { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 5, 1), label: '2024-01-01 … 2024-06-01' },
  periodStarts: [Date.UTC(2024, 2, 10), Date.UTC(2024, 3, 1, 6), Date.UTC(2024, 3, 1, 6), Date.UTC(2024, 4, 2)],
  batchSize: 700
};

/** The reader's URL: a role that may read our mapped columns and nothing else. */
const env = (): NodeJS.ProcessEnv => ({ TEST_PG_URL: server!.url.replace('//tallyboard@', '//reader@') });
const cfg = (table: string): PostgresSourceConfig => ({ kind: 'postgres', name: 'crm-db', urlEnv: 'TEST_PG_URL', table, pushdown: true });
const pushdown = (table: string, opts: PushdownOptions = options): Promise<Grouped> => drainPushdown(readPushdown(cfg(table), opts, env()));
const byRow = (rejects: Rejection[]): Rejection[] => [...rejects].sort((a, b) => a.row - b.row);
const rowByRow = (table: string): Promise<Grouped> => groupRecords(createPostgresSource(cfg(table), env(), { batchSize: 500 }).records(), options);

beforeAll(async () => {
  server = await startPostgres();
  // Every kind of reject RecordValidator gives a typed table, among ordinary rows: missing, too long (astral
  // characters count twice, as in JavaScript), blank ids, out of range, infinite, stages before created_at or past
  // the range, duplicate ids (also after trimming a no-break space), a duplicate whose first occurrence is invalid.
  await sql(`
    CREATE TABLE registrations (
      id text, created_at timestamptz, city text, region varchar(40), source text,
      phone_confirmed_at timestamptz, email_confirmed_at timestamp, questionnaire_at date,
      full_name text, email text, phone text
    );
    INSERT INTO registrations
      SELECT CASE WHEN g % 67 = 0 THEN NULL WHEN g % 71 = 0 THEN ' ' || chr(160) WHEN g % 73 = 0 THEN repeat('i', 201)
                  WHEN g % 97 = 0 THEN 'r' || (g - 1) WHEN g % 211 = 0 THEN ' r' || (g - 2) || chr(160) ELSE 'r' || g END,
             c,
             CASE WHEN g % 10 = 0 THEN NULL WHEN g % 17 = 0 THEN '  Казань ' WHEN g % 19 = 0 THEN repeat('x', 201)
                  WHEN g % 23 = 0 THEN repeat('😀', 100) WHEN g % 29 = 0 THEN repeat('😀', 101) ELSE 'Город ' || (g % 13) END,
             CASE WHEN g % 31 = 0 THEN ' ' WHEN g % 2 = 0 THEN 'RU-MOW' END,
             CASE WHEN g % 37 = 0 THEN repeat('s', 65) WHEN g % 7 = 0 THEN '  ' WHEN g % 3 = 0 THEN ' partner' END,
             CASE WHEN g % 41 = 0 THEN c - interval '1 minute' WHEN g % 43 = 0 THEN timestamptz '2024-06-01 00:00+00'
                  WHEN g % 47 = 0 THEN timestamptz 'infinity' WHEN g % 4 = 0 THEN c + interval '1 hour' END,
             CASE WHEN g % 53 = 0 THEN (c AT TIME ZONE 'Europe/Moscow') - interval '3 hours'
                  WHEN g % 5 = 0 THEN (c AT TIME ZONE 'Europe/Moscow') + interval '2 hours 0.25 seconds' END,
             CASE WHEN g % 59 = 0 THEN (c AT TIME ZONE 'Europe/Moscow')::date - 1
                  WHEN g % 6 = 0 THEN (c AT TIME ZONE 'Europe/Moscow')::date + 2 END,
             'Person ' || g, 'p' || g || '@example.com', '+7999' || g
      FROM (SELECT g, CASE WHEN g % 601 = 0 THEN NULL WHEN g % 503 = 0 THEN timestamptz 'infinity'
                           WHEN g % 301 = 0 THEN timestamptz '2023-12-31 23:59:59.999+00' WHEN g % 401 = 0 THEN timestamptz '2024-06-01 00:00+00'
                           ELSE timestamptz '2024-03-01 00:00:00.123456+00' + g * interval '37 minutes' END AS c
            FROM generate_series(1, ${ROWS}) g) AS rows;
    -- The first row of id r999 is rejected (its created_at is out of range), so a later one is accepted.
    UPDATE registrations SET created_at = '2020-01-01' WHERE id = 'r998';
    INSERT INTO registrations (id, created_at, city) VALUES ('r998', '2024-03-05 10:00+00', 'Late');
    CREATE TABLE text_times (id text, created_at text, city text, phone_confirmed_at varchar(40));
    CREATE TABLE dated (created_at date, city text, source text);
    INSERT INTO dated VALUES ('2024-03-01', 'Kazan', NULL), ('2024-03-01', 'Kazan', 'a'), ('2024-03-02', NULL, 'a'), ('2019-01-01', 'Old', NULL), ('infinity', 'Kazan', NULL);
    CREATE ROLE reader LOGIN;
    GRANT SELECT (${MAPPED}) ON registrations TO reader;
    GRANT SELECT ON text_times, dated TO reader;
  `);
});

afterAll(async () => {
  await server?.stop();
});

describe('PostgreSQL pushdown', () => {
  it('gives the row-by-row reader’s groups and rejects, reading no personal column', async () => {
    const [down, rows] = await Promise.all([pushdown('registrations'), rowByRow('registrations')]);
    expect(down.read).toBe(ROWS + 1);
    expect(rows.read).toBe(ROWS + 1);
    expect(down.groups.size).toBeGreaterThan(1000);
    expect(new Map([...down.groups].sort())).toEqual(new Map([...rows.groups].sort()));
    expect(byRow(down.rejects)).toEqual(byRow(rows.rejects));
    const reasons = new Set(down.rejects.map((r) => `${r.field}: ${r.reason.replace(/: ".*|\(.*\)|\d+/g, '')}`));
    expect([...reasons].sort()).toEqual(
      [
        'city: longer than  characters',
        'created_at: missing value',
        'created_at: not a timestamp',
        "created_at: outside the campaign's time range ",
        'email_confirmed_at: before created_at',
        'id: duplicate id',
        'id: longer than  characters',
        'id: missing value',
        'phone_confirmed_at: before created_at',
        'phone_confirmed_at: not a timestamp',
        "phone_confirmed_at: outside the campaign's time range ",
        'questionnaire_at: before created_at',
        'source: longer than  characters'
      ].sort()
    );
    // The late r998 row counts; the trimmed duplicate of an earlier id does not.
    expect(down.rejects.find((r) => r.row === ROWS + 1)).toBeUndefined();
    expect(down.rejects.filter((r) => r.reason === 'duplicate id').length).toBeGreaterThan(20);
    expect(JSON.stringify(down.rejects)).not.toMatch(/Person|example\.com|\+7999/);
  });

  it('reads date columns in the campaign’s time zone and works without an id column', async () => {
    const [down, rows] = await Promise.all([pushdown('dated'), rowByRow('dated')]);
    expect(down.groups).toEqual(rows.groups);
    expect(byRow(down.rejects)).toEqual(byRow(rows.rejects));
    expect([...down.groups.values()]).toEqual([1, 1, 1]);
    expect(down.rejects.map((r) => r.field)).toEqual(['created_at', 'created_at']);
  });

  it('refuses text timestamp columns, naming them and their types', async () => {
    const err = await failure(pushdown('text_times'));
    expect(err.message).toContain('crm-db');
    expect(err.message).toContain('created_at is text, phone_confirmed_at is character varying');
  });

  it('adds up: reads of disjoint sets of registrations sum to the read of the whole', async () => {
    const whole = await pushdown('registrations');
    const random = mulberry32(16);
    for (let round = 0; round < 3; round++) {
      const parts = 2 + Math.floor(random() * 4);
      const salt = Math.floor(random() * 1e9);
      // A registration (every row of one trimmed id) lands in one part, as in a real split of people.
      const part = `(hashtext(coalesce(btrim(id, ' ' || chr(160)), '') || '${salt}') & 2147483647) % ${parts}`;
      const views = Array.from({ length: parts }, (_, k) => `part_${round}_${k}`);
      await sql(views.map((v, k) => `CREATE VIEW ${v} AS SELECT ${MAPPED} FROM registrations WHERE ${part} = ${k}; GRANT SELECT ON ${v} TO reader;`).join('\n'));
      const reads = await Promise.all(views.map((v) => pushdown(v)));
      expect(reads.every((r) => r.read > 0)).toBe(true);
      const summed = new Map<string, number>();
      for (const r of reads) for (const [k, n] of r.groups) summed.set(k, (summed.get(k) ?? 0) + n);
      expect(new Map([...summed].sort())).toEqual(new Map([...whole.groups].sort()));
      expect(reads.reduce((n, r) => n + r.rejects.length, 0)).toBe(whole.rejects.length);
    }
  });
});
