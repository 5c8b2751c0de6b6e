/**
 * Child process of bench/pipeline.bench.ts: the peer the pipeline is measured against — DuckDB's own read_csv +
 * GROUP BY over the same files, the least a CSV → hourly-cube job can cost in the engine the pipeline embeds:
 * registrations per (source, city, region, hour) and deliveries per (channel, gateway, status, hour). With
 * `--sql FILE` it runs the statements in FILE (a JSON array) instead: the like-for-like peer of
 * bench/validated-peer-sql.ts. Prints its wall and CPU seconds as JSON on stdout. Plain JavaScript, as the
 * pipeline's compiled command is: neither process's CPU time holds a TypeScript loader's.
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

/** @param {string} path */
const csv = (path) => `read_csv('${path.replace(/'/g, "''")}', header = true, delim = ',', quote = '"', escape = '"', ignore_errors = true)`;
/** @param {string[]} args */
function statements(args) {
  if (args[0] === '--sql') return /** @type {string[]} */ (JSON.parse(readFileSync(args[1], 'utf8')));
  const [registrations, deliveries] = args;
  return [
    `CREATE TEMP TABLE r AS SELECT source, city, region, date_trunc('hour', try_cast(created_at AS TIMESTAMPTZ)) AS hour, count(*) AS n FROM ${csv(registrations)} GROUP BY ALL`,
    ...(deliveries ? [`CREATE TEMP TABLE d AS SELECT channel, gateway, status, date_trunc('hour', try_cast(time AS TIMESTAMPTZ)) AS hour, count(*) AS n FROM ${csv(deliveries)} GROUP BY ALL`] : [])
  ];
}

const sql = statements(process.argv.slice(2));
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await db.connect();
for (const s of sql) await conn.run(s);
conn.closeSync();
db.closeSync();
const u = process.resourceUsage();
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
