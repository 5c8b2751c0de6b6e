/**
 * Child process of bench/pipeline.bench.ts: the peer the pipeline is measured against — DuckDB's own read_csv +
 * GROUP BY over the same files, the least a CSV → hourly-cube job can cost in the engine the pipeline embeds:
 * registrations per (source, city, region, hour) and deliveries per (channel, gateway, status, hour). Prints its
 * wall and CPU seconds as JSON on stdout. Plain JavaScript, as the pipeline's compiled command is: neither
 * process's CPU time holds a TypeScript loader's.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [registrations, deliveries] = process.argv.slice(2);
/** @param {string} path */
const csv = (path) => `read_csv('${path.replace(/'/g, "''")}', header = true, delim = ',', quote = '"', escape = '"', ignore_errors = true)`;
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await db.connect();
await conn.run(`CREATE TEMP TABLE r AS SELECT source, city, region, date_trunc('hour', try_cast(created_at AS TIMESTAMPTZ)) AS hour, count(*) AS n FROM ${csv(registrations)} GROUP BY ALL`);
if (deliveries) await conn.run(`CREATE TEMP TABLE d AS SELECT channel, gateway, status, date_trunc('hour', try_cast(time AS TIMESTAMPTZ)) AS hour, count(*) AS n FROM ${csv(deliveries)} GROUP BY ALL`);
conn.closeSync();
db.closeSync();
const u = process.resourceUsage();
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
