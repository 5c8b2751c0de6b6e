/**
 * The PostgreSQL source against a real, throwaway server (tests/support/postgres-server.ts). Without the server
 * binaries this fails, saying what to install (apt-get install -y postgresql).
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSource, type PostgresSourceConfig } from '../../../data-pipeline/sources/postgres.ts';
import type { RawRecord } from '../../../data-pipeline/sources/types.ts';
import { runSql, startPostgres, type PostgresServer } from '../../support/postgres-server.ts';
import { failure, readRecords } from '../../support/records.ts';

const ROWS = 2_345;
let server: PostgresServer | null = null;
let env: NodeJS.ProcessEnv = {};

const sql = (text: string, params: unknown[] = []): Promise<pg.QueryResult> => runSql(server!.url, text, params);

function source(table: string, batchSize = 500) {
  const cfg: PostgresSourceConfig = { kind: 'postgres', name: 'crm-db', urlEnv: 'TEST_PG_URL', table };
  return createPostgresSource(cfg, env, { batchSize });
}

const readAll = (table: string, batchSize?: number): Promise<RawRecord[]> => readRecords(source(table, batchSize));

beforeAll(async () => {
  server = await startPostgres();
  env = { TEST_PG_URL: server.url };
  await sql(`
    CREATE TABLE registrations (
      id text, created_at timestamptz NOT NULL, city text, region text, source text,
      phone_confirmed_at timestamptz, email_confirmed_at timestamp, questionnaire_at timestamptz,
      full_name text, email text, phone text, street_address text
    );
    INSERT INTO registrations
      SELECT 'r' || lpad(g::text, 5, '0'),
             timestamptz '2024-03-01 12:00:00+03' + g * interval '1 minute',
             CASE WHEN g % 10 = 0 THEN NULL ELSE 'Город ' || (g % 7) END,
             CASE WHEN g % 2 = 0 THEN 'RU-MOW' ELSE NULL END,
             CASE WHEN g % 3 = 0 THEN 'partner' ELSE NULL END,
             CASE WHEN g % 4 = 0 THEN timestamptz '2024-03-02 00:00:00.25+00' ELSE NULL END,
             CASE WHEN g % 5 = 0 THEN timestamp '2024-03-02 08:30:00' ELSE NULL END,
             NULL,
             'Person Number ' || g, 'person' || g || '@example.com', '+7999' || lpad(g::text, 7, '0'), g || ' Secret Street'
      FROM generate_series(1, ${ROWS}) g;
    CREATE SCHEMA crm;
    CREATE TABLE crm."Signups" (id bigint, created_at date, city varchar(80), passport_number text);
    INSERT INTO crm."Signups" VALUES (9007199254740993, '2024-05-06', 'Kazan', 'AB123456');
    CREATE TABLE no_city (id int, created_at timestamptz, name text);
  `);
});

afterAll(async () => {
  await server?.stop();
});

describe('PostgreSQL source', () => {
  it('reads every row in batches, with our fields only and ISO timestamps', async () => {
    const recs = await readAll('registrations', 500);
    expect(recs).toHaveLength(ROWS);
    expect(recs.map((r) => r.row)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    expect(recs.every((r) => r.origin === 'postgres:registrations' && r.source === 'crm-db')).toBe(true);
    const byId = new Map(recs.map((r) => [r.fields.id, r]));
    expect(byId.get('r00020')!.fields).toEqual({
      id: 'r00020',
      created_at: '2024-03-01T09:20:00.000Z',
      city: null,
      region: 'RU-MOW',
      source: null,
      phone_confirmed_at: '2024-03-02T00:00:00.250Z',
      email_confirmed_at: '2024-03-02T08:30:00',
      questionnaire_at: null
    });
    expect(byId.get('r00003')!.fields).toMatchObject({ city: 'Город 3', region: null, source: 'partner', phone_confirmed_at: null });
    for (const r of recs) {
      expect(Object.keys(r.fields).sort()).toEqual(['city', 'created_at', 'email_confirmed_at', 'id', 'phone_confirmed_at', 'questionnaire_at', 'region', 'source']);
    }
    const everything = JSON.stringify(recs);
    for (const personal of ['Person Number', '@example.com', '+7999', 'Secret Street', 'full_name', 'email"', 'street_address']) {
      expect(everything).not.toContain(personal);
    }
  });

  it('reads a schema-qualified, case-sensitive table with only the required columns; ids and dates as text', async () => {
    const recs = await readAll('crm.Signups');
    expect(recs).toHaveLength(1);
    expect(recs[0].origin).toBe('postgres:crm.Signups');
    expect(recs[0].fields).toEqual({ id: '9007199254740993', created_at: '2024-05-06', city: 'Kazan' });
    expect(recs[0].raw).not.toContain('AB123456');
  });

  it('names the table and the missing required column', async () => {
    const err = await failure(readAll('no_city'));
    expect(err.message).toContain('table no_city has no column "city"');
    expect(err.message).toContain('crm-db');
  });

  it('names a table that does not exist', async () => {
    const err = await failure(readAll('nowhere'));
    expect(err.message).toMatch(/table nowhere does not exist/);
  });

  it('rejects table names that are not plain identifiers, before connecting', async () => {
    for (const bad of ['registrations; DROP TABLE registrations', 'registrations"--', '"registrations"', 'a.b.c', 'reg istrations', '1abc', '', "x' OR '1'='1"]) {
      expect(() => source(bad), bad).toThrow(/is not a plain identifier/);
    }
    // The real table is untouched.
    expect((await sql('SELECT count(*)::int AS n FROM registrations')).rows[0].n).toBe(ROWS);
  });

  it('fails clearly when the URL variable is unset', () => {
    const cfg: PostgresSourceConfig = { kind: 'postgres', name: 'crm-db', urlEnv: 'MISSING_PG_URL', table: 'registrations' };
    expect(() => createPostgresSource(cfg, {})).toThrow(/environment variable MISSING_PG_URL is not set/);
  });

  it('hangs up when the consumer stops early', async () => {
    let n = 0;
    for await (const _ of source('registrations', 100).records()) if (++n === 150) break;
    expect(n).toBe(150);
    // The backend goes away right after the client hangs up; allow it a moment (bounded).
    let left = -1;
    for (let i = 0; i < 40 && left !== 0; i++) {
      if (i > 0) await new Promise((ok) => setTimeout(ok, 50));
      left = (await sql("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tallyboard-source'")).rows[0].n;
    }
    expect(left).toBe(0);
  });
});
