/**
 * A PostgreSQL source with `updatedAtColumn`, incremental == full: random sequences of inserts, later stages
 * (the row updated, updated_at bumped), rows made invalid and deletions, in the real server the tests start
 * (tests/support/postgres-server.ts), byte for byte after every step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildResources } from '../../../data-pipeline/build-resources.ts';
import { buildWith, expectSameSet, prng, STATE_ENV } from '../../support/incremental.ts';
import { writeCampaign } from '../../support/pipeline-helpers.ts';
import { runSql, startPostgres, type PostgresServer } from '../../support/postgres-server.ts';

let server: PostgresServer | null = null;

const sql = (text: string, params: unknown[] = []): Promise<pg.QueryResult> => runSql(server!.url, text, params);

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop();
});

const CITIES = ['Москва', 'Химки', 'нск', 'Тула', 'Спрингфилд', null];

describe('incremental builds over a PostgreSQL source', () => {
  // Seed 12 builds as `watch` does: every change (insert, later stage, invalid now, deletion) is taken as a
  // difference from the kept sums.
  for (const [seed, watching] of [[11, false], [12, true]] as const) {
    it(`equal a full build byte for byte after every step (seed ${seed}${watching ? ', kept sums' : ''})`, async () => {
      const resources = watching ? new BuildResources() : undefined;
      const sums: string[] = [];
      const rnd = prng(seed);
      const table = `regs_${seed}`;
      await sql(`CREATE TABLE ${table} (id text PRIMARY KEY, created_at timestamptz NOT NULL, city text, phone_confirmed_at timestamptz, full_name text, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
      let next = 0;
      const insert = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const day = 1 + Math.floor(rnd() * 20);
          await sql(`INSERT INTO ${table} (id, created_at, city, full_name) VALUES ($1, $2, $3, 'Иван Петров')`, [`p${next++}`, `2024-03-${String(day).padStart(2, '0')}T12:00:00+03:00`, CITIES[Math.floor(rnd() * CITIES.length)]]);
        }
      };
      const someId = async (): Promise<string | null> => ((await sql(`SELECT id FROM ${table} ORDER BY id OFFSET $1 LIMIT 1`, [Math.floor(rnd() * next)])).rows[0]?.id as string) ?? null;
      await insert(20);
      const env = { ...STATE_ENV, TEST_PG_URL: server!.url };
      const config = writeCampaign({ extraSources: [{ kind: 'postgres', name: 'crm', urlEnv: 'TEST_PG_URL', table, updatedAtColumn: 'updated_at' }] });
      const incDir = mkdtempSync(join(tmpdir(), 'tb-inc-pg-'));
      const fullDir = mkdtempSync(join(tmpdir(), 'tb-full-pg-'));
      await buildWith(config, incDir, false, env, { resources });
      for (let step = 0; step < 8; step++) {
        const op = rnd();
        const id = await someId();
        let what: string;
        if (op < 0.35 || id === null) {
          await insert(1 + Math.floor(rnd() * 5));
          what = 'insert';
        } else if (op < 0.6) {
          await sql(`UPDATE ${table} SET phone_confirmed_at = created_at + interval '1 day', updated_at = clock_timestamp() WHERE id = $1`, [id]);
          what = `later stage for ${id}`;
        } else if (op < 0.75) {
          await sql(`UPDATE ${table} SET phone_confirmed_at = created_at - interval '1 day', updated_at = clock_timestamp() WHERE id = $1`, [id]);
          what = `${id} made invalid`;
        } else {
          await sql(`DELETE FROM ${table} WHERE id = $1`, [id]);
          what = `deletion of ${id}`;
        }
        const inc = await buildWith(config, incDir, false, env, { resources });
        const read = inc.log.find((l) => /crm: \d+ row\(s\) changed since/.test(l)) ?? '';
        expect(read, what).not.toBe('');
        // Only a table that lost rows has every id read, to learn which (its row count tells).
        expect(read.endsWith('; rows went: every id read'), `${what}: ${read}`).toBe(what.startsWith('deletion'));
        sums.push(`${what}: ${inc.log.find((l) => /^\s*sums: /.test(l))?.trim()}`);
        const full = await buildWith(config, fullDir, true, env);
        expectSameSet(join(incDir, 'out'), join(fullDir, 'out'), `seed ${seed} step ${step} (${what})`);
        expect(inc.manifest.counts, what).toEqual(full.manifest.counts);
      }
      if (watching) {
        expect(sums.every((l) => /sums kept/.test(l)), sums.join('\n')).toBe(true);
        expect(sums.some((l) => !l.startsWith('insert')), sums.join('\n')).toBe(true);
      }
    }, 180_000);
  }

  it('takes the difference of a table without ids from the kept sums too (its rows compared as multisets)', async () => {
    await sql('CREATE TABLE walk_ins (created_at timestamptz NOT NULL, city text)');
    const at = (day: number): string => `2024-03-${String(day).padStart(2, '0')}T12:00:00+03:00`;
    for (const [day, city] of [[1, 'Химки'], [2, 'Тула'], [2, 'Тула'], [3, 'Москва']] as const) await sql('INSERT INTO walk_ins VALUES ($1, $2)', [at(day), city]);
    const env = { ...STATE_ENV, TEST_PG_URL: server!.url };
    const config = writeCampaign({ extraSources: [{ kind: 'postgres', name: 'walk-ins', urlEnv: 'TEST_PG_URL', table: 'walk_ins' }] });
    const d = mkdtempSync(join(tmpdir(), 'tb-walk-ins-'));
    const resources = new BuildResources();
    await buildWith(config, d, false, env, { resources });
    // Химки's only row goes; one of the two equal Тула rows goes and comes back in a later position; a new one.
    await sql(`DELETE FROM walk_ins WHERE city IN ('Химки', 'Тула')`);
    await sql('INSERT INTO walk_ins VALUES ($1, $2), ($3, $4), ($5, $6)', [at(4), 'Тула', at(2), 'Тула', at(2), 'Тула']);
    const inc = await buildWith(config, d, false, env, { resources });
    expect(inc.log.find((l) => /^\s*sums: /.test(l))?.trim()).toBe("sums: the last build's sums kept, 1 accepted row(s) added and 1 taken out");
    const full = await buildWith(config, mkdtempSync(join(tmpdir(), 'tb-walk-ins-full-')), true, env);
    expectSameSet(join(d, 'out'), full.outDir, 'a table without ids');
  });

  it('refuses updatedAtColumn on a table without ids, which could not tell deleted rows', async () => {
    await sql('CREATE TABLE no_ids (created_at timestamptz NOT NULL, city text, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())');
    await sql(`INSERT INTO no_ids (created_at, city) VALUES ('2024-03-01T12:00:00+03:00', 'Тула')`);
    const env = { ...STATE_ENV, TEST_PG_URL: server!.url };
    const config = writeCampaign({ extraSources: [{ kind: 'postgres', name: 'no-ids', urlEnv: 'TEST_PG_URL', table: 'no_ids', updatedAtColumn: 'updated_at' }] });
    const d = mkdtempSync(join(tmpdir(), 'tb-no-ids-'));
    await buildWith(config, d, false, env);
    await expect(buildWith(config, d, false, env)).rejects.toThrow('updatedAtColumn needs an "id" column, to notice deleted rows');
  });
});
