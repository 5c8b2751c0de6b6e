/**
 * PostgreSQL pushdown against the row-by-row read, in the real PostgreSQL the tests start. The rows are generated
 * inside the server (generate_series): 10M by default (BENCH_PUSHDOWN_ROWS to change), with personal columns so the
 * heap is as wide as a CRM's. Row-by-row (cursor → RawRecords → RecordValidator → one group key per row) is timed
 * on the first 1M rows only, where pushdown is timed too, so the two compare on the same rows; pushdown alone on
 * the whole table. Runs interleave (row-by-row, pushdown, …) and the median is reported beside the load average.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { readPushdown, type PushdownOptions } from '../data-pipeline/sources/postgres/pushdown.ts';
import { createPostgresSource } from '../data-pipeline/sources/postgres.ts';
import type { PostgresSourceConfig } from '../data-pipeline/sources/postgres/table.ts';
import { startPostgres } from '../tests/support/postgres-server.ts';
import { drainPushdown, groupRecords, type Grouped } from '../tests/support/registration-groups.ts';
import type { BenchResult } from './types.ts';

const ROWS = Number(process.env.BENCH_PUSHDOWN_ROWS ?? 10_000_000);
const COMPARED = Math.min(ROWS, 1_000_000);
const RUNS = 3;

const options: PushdownOptions = {
  timeZone: 'Europe/Moscow',
  range: { from: Date.UTC(2022, 0, 1), to: Date.UTC(2025, 0, 1), label: '2022-01-01 … 2025-01-01' },
  // A network that changes every 5 days (≈ 70 headquarters opening over the campaign).
  periodStarts: Array.from({ length: 90 }, (_, k) => Date.UTC(2023, 0, 1) + k * 5 * 86_400_000)
};

/**
 * 18 months of registrations; 2,000 city spellings, skewed as a country's cities are (u³ of a uniform u: the first
 * tenth of the spellings takes about half the rows), each in one of 85 regions; 3 sources; a stage funnel; one
 * duplicate id in 331; personal columns beside ours.
 */
const GENERATE = (table: string, rows: number) => `
  CREATE UNLOGGED TABLE ${table} AS
  SELECT CASE WHEN g % 331 = 0 THEN 'r' || (g - 1) ELSE 'r' || g END AS id,
         c AS created_at,
         'Город ' || city AS city,
         'RU-' || lpad((city % 85)::text, 2, '0') AS region,
         CASE g % 10 WHEN 0 THEN 'partner' WHEN 1 THEN 'mailing' ELSE NULL END AS source,
         CASE WHEN g % 3 <> 0 THEN c + interval '5 minutes' END AS phone_confirmed_at,
         CASE WHEN g % 4 <> 0 THEN c + interval '2 hours' END AS email_confirmed_at,
         CASE WHEN g % 5 < 2 THEN c + interval '1 day' END AS questionnaire_at,
         'Person Name ' || g AS full_name, 'person' || g || '@example.com' AS email, '+7999' || lpad(g::text, 8, '0') AS phone
  FROM (SELECT g, timestamptz '2023-01-01 00:00+00' + (g::float8 / ${rows}) * interval '540 days' AS c,
               floor(2000 * power(((g::bigint * 2654435761) % 1000003) / 1000003.0, 3))::int AS city
        FROM generate_series(1, ${rows}) g) AS s`;

const load = (): number => Number(loadavg()[0].toFixed(1));

async function timed(run: () => Promise<Grouped>): Promise<{ seconds: number; load: number; read: Grouped }> {
  const started = performance.now();
  const read = await run();
  return { seconds: (performance.now() - started) / 1000, load: load(), read };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function pushdownBench(): Promise<BenchResult[]> {
  const server = await startPostgres({ maxLifetimeMs: 60 * 60_000 });
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const generated = performance.now();
    let bytes: number;
    try {
      await client.query(GENERATE('regs_all', ROWS));
      await client.query(`CREATE UNLOGGED TABLE regs_compared AS SELECT * FROM regs_all LIMIT ${COMPARED}`);
      // Hint bits and the visibility map set once, so no timed run pays for them.
      for (const t of ['regs_all', 'regs_compared']) await client.query(`VACUUM ANALYZE ${t}`);
      bytes = Number((await client.query('SELECT pg_total_relation_size($1) AS b', ['regs_all'])).rows[0].b);
    } finally {
      await client.end();
    }
    process.stdout.write(`  generated ${ROWS.toLocaleString('en-US')} rows (${(bytes / 1e9).toFixed(2)} GB heap) in ${((performance.now() - generated) / 1000).toFixed(0)} s\n`);

    const env = { BENCH_PG_URL: server.url };
    const cfg = (table: string): PostgresSourceConfig => ({ kind: 'postgres', name: 'crm-db', urlEnv: 'BENCH_PG_URL', table });
    const pushdown = (table: string) => () => drainPushdown(readPushdown(cfg(table), options, env));
    const rowByRow = () => groupRecords(createPostgresSource(cfg('regs_compared'), env).records(), options);

    const rows: Array<Awaited<ReturnType<typeof timed>>> = [];
    const down: Array<Awaited<ReturnType<typeof timed>>> = [];
    for (let k = 0; k < RUNS; k++) {
      rows.push(await timed(rowByRow));
      down.push(await timed(pushdown('regs_compared')));
      process.stdout.write(`  run ${k + 1}: row-by-row ${rows[k].seconds.toFixed(1)} s (load ${rows[k].load}), pushdown ${down[k].seconds.toFixed(1)} s (load ${down[k].load})\n`);
    }
    const [a, b] = [rows[0].read, down[0].read];
    if (a.read !== b.read || a.rejects.length !== b.rejects.length || a.groups.size !== b.groups.size) {
      throw new Error(`pushdown and row-by-row disagree: read ${b.read} vs ${a.read}, rejects ${b.rejects.length} vs ${a.rejects.length}, groups ${b.groups.size} vs ${a.groups.size}`);
    }
    const label = COMPARED.toLocaleString('en-US');
    const results: BenchResult[] = [
      { name: `postgres ${label}: row-by-row read → validate → groups`, value: Number(median(rows.map((r) => r.seconds)).toFixed(1)), unit: 's', loadAverage: median(rows.map((r) => r.load)) },
      { name: `postgres ${label}: pushdown → ${b.groups.size.toLocaleString('en-US')} groups, ${b.rejects.length} rejects`, value: Number(median(down.map((r) => r.seconds)).toFixed(1)), unit: 's', loadAverage: median(down.map((r) => r.load)) }
    ];
    if (ROWS > COMPARED) {
      const whole = await timed(pushdown('regs_all'));
      results.push({
        name: `postgres ${ROWS.toLocaleString('en-US')}: pushdown → ${whole.read.groups.size.toLocaleString('en-US')} groups, ${whole.read.rejects.length} rejects`,
        value: Number(whole.seconds.toFixed(1)),
        unit: 's',
        loadAverage: whole.load
      });
    }
    return results;
  } finally {
    await server.stop();
  }
}
