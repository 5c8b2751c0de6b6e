/**
 * The delivery log summed by DuckDB, the way cube/registrations-duckdb.ts sums registrations: DuckDB's reader
 * splits the rows, SQL proves the clean ones valid (an ISO timestamp in the one shape, in range; a known channel
 * and status; a gateway with nothing to trim) and counts them per (hour, channel, gateway, status); the rest go
 * through checkDelivery one by one, as the worker-thread reader (cube/deliveries.ts) checks every row. Gateways
 * are numbered in the order their first accepted rows come, as there. Returns the counts and gateway names, or
 * why DuckDB refused the file (the caller then reads it on the worker thread).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { csvLine, RAW } from '../../shared/csv/csv.ts';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../../shared/cube/format.ts';
import { ZoneClock } from '../../shared/time/zone-clock.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { csvHeaderOf, dropScanSql, EXTRA_COLUMNS, readCsvCall, rowOf, runScan, sqlList, sqlString, type ReadPlan } from '../sources/csv/duckdb-scan.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import { sqlAmong, sqlCleanEnds, sqlIsoMs } from '../validate/sql/fast-checks.ts';
import type { RejectsFile } from '../validate/rejects-file.ts';
import type { TimeRange } from '../validate/time-range.ts';
import type { CubeAggregator } from './aggregate.ts';
import { checkDelivery, DELIVERY_COLUMNS, deliveryChannelIndex, deliveryStatusIndex, type DeliveryJob } from './deliveries.ts';
import { readIntColumns } from './int-columns.ts';

export interface DeliveryTotals {
  counts: { read: number; accepted: number; rejected: number };
  gatewayValues: string[];
}

/**
 * The scan table and its view, for runScan (as scanTableSql). A fast row keeps only what its group needs; a slow
 * one also its cells (every cell: the log has no personal columns), for the checks and rejects.csv. Unlike a
 * registration, a fast delivery never turns slow later (no ids to repeat), so the 2M timestamps of the 1M demo's log
 * are not stored. The last spare column stays, for runScan's test of a row with more cells.
 */
function deliveryScanSql(plan: ReadPlan & { col: readonly number[]; range: TimeRange }, table: string): string[] {
  const c = (k: number): string => `c${plan.col[k]}`;
  const all = Array.from({ length: plan.width + plan.extraColumns }, (_, i) => `c${i}`);
  const channels = sqlList(DELIVERY_CHANNELS);
  const statuses = sqlList(DELIVERY_STATUSES);
  const fast = `coalesce(ms >= ${plan.range.from} AND ms < ${plan.range.to} AND ${sqlAmong(c(1), channels)} AND ${sqlAmong(c(3), statuses)} AND ${c(2)} <> '' AND ${sqlCleanEnds(c(2))}, false)`;
  return [
    `CREATE TEMP TABLE ${table}_cells AS SELECT fast, (ms // 3600000)::INTEGER AS hour, (list_position(${channels}, ${c(1)}) - 1)::INTEGER AS channel, ${c(2)} AS gateway, ` +
      `(list_position(${statuses}, ${c(3)}) - 1)::INTEGER AS status, ${all[all.length - 1]}, CASE WHEN fast THEN NULL ELSE [${all.join(', ')}] END AS cells ` +
      `FROM (SELECT *, ${fast} AS fast FROM (SELECT *, ${sqlIsoMs(c(0))} AS ms FROM ${readCsvCall(plan)}))`,
    `CREATE TEMP VIEW ${table} AS SELECT ${rowOf()} AS row, fast, hour, channel, gateway, status FROM ${table}_cells`
  ];
}

export async function sumDeliveriesInDuckDb(conn: DuckDBConnection, job: DeliveryJob, cube: Pick<CubeAggregator, 'addDelivery'>, rejects: RejectsFile): Promise<DeliveryTotals | { refused: string }> {
  const header = csvHeaderOf(job.path, ',');
  if (typeof header === 'string') return { refused: header };
  const names = header.map((h) => h.trim());
  const col = DELIVERY_COLUMNS.map((name) => {
    const i = names.indexOf(name);
    if (i < 0) throw new FatalInputError(`${job.label}: missing required column "${name}"`);
    return i;
  });
  const table = 'deliveries_scan';
  const first = { path: job.path, delimiter: ',', headerRow: true, width: names.length, extraColumns: EXTRA_COLUMNS.first, col, range: job.range };
  const plan = await runScan(conn, first, table, deliveryScanSql);
  if (typeof plan === 'string') return { refused: plan };
  const counts = { read: 0, accepted: 0, rejected: 0 };
  counts.read = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows())[0][0]);

  // The rows SQL could not vouch for, checked one by one; the row keeps every cell it has (for rejects.csv).
  const slow = (await conn.runAndReadAll(`SELECT ${rowOf()} AS row, cells FROM ${table}_cells WHERE NOT fast ORDER BY row`)).getRowObjectsJS().map((r) => {
    // As many cells as the row has: DuckDB's reader pads a short row with NULLs (an empty cell reads as '').
    const cells = r.cells as Array<string | null>;
    let n = cells.length;
    while (n > 0 && cells[n - 1] === null) n--;
    return { row: Number(r.row), cells: cells.slice(0, n).map((x) => x ?? '') };
  });
  const zone = new ZoneClock(job.timeZone);
  const channels = deliveryChannelIndex();
  const statuses = deliveryStatusIndex();
  const accepted: Array<{ row: number; hour: number; channel: number; status: number; gateway: string }> = [];
  for (const { row, cells: c } of slow) {
    const checked = checkDelivery(c, col, zone, job.range, channels, statuses);
    if ('reason' in checked) {
      counts.rejected++;
      rejects.add({ origin: job.label, row, field: checked.field, reason: checked.reason, raw: csvLine(c, RAW) });
    } else accepted.push({ row, hour: hourOfMs(checked.ms), channel: checked.channel, status: checked.status, gateway: checked.gatewayName });
  }

  // Gateways numbered in the order their first accepted rows come; past maxGateways they count as "other".
  const firstRows = (await conn.runAndReadAll(`SELECT gateway, min(row) AS row FROM ${table} WHERE fast GROUP BY ALL`)).getRowObjectsJS();
  const order = [...firstRows.map((r) => ({ gateway: String(r.gateway), row: Number(r.row) })), ...accepted].sort((x, y) => x.row - y.row);
  const gatewayValues: string[] = [];
  // `named` as the worker-thread reader keeps it (names it gave an index, "other" included); `seen` remembers
  // every name's answer without counting towards the cap.
  const named = new Map<string, number>();
  const seen = new Map<string, number>();
  const maxGateways = job.maxGateways ?? 1000;
  const indexOf = (name: string): number => {
    let g = seen.get(name) ?? named.get(name);
    if (g === undefined) {
      const key = named.size < maxGateways ? name : 'other';
      g = named.get(key);
      if (g === undefined) {
        g = gatewayValues.length;
        gatewayValues.push(key);
        named.set(key, g);
      }
      seen.set(name, g);
    }
    return g;
  };
  for (const o of order) indexOf(o.gateway);
  const ids = firstRows.map((r) => `(${sqlString(String(r.gateway))}, ${indexOf(String(r.gateway))})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE gateway_ids AS SELECT * FROM (VALUES ${ids.join(', ') || "('', 0)"}) t(gateway, id)`);
  const [hour, channel, gateway, status, n] = await readIntColumns(
    conn,
    `SELECT d.hour, d.channel, g.id, d.status, count(*)::INTEGER FROM ${table} d JOIN gateway_ids g ON d.gateway = g.gateway WHERE d.fast GROUP BY ALL`,
    5
  );
  for (let i = 0; i < n.length; i++) {
    cube.addDelivery(hour[i], channel[i], gateway[i], status[i], n[i]);
    counts.accepted += n[i];
  }
  for (const a of accepted) cube.addDelivery(a.hour, a.channel, indexOf(a.gateway), a.status, 1);
  counts.accepted += accepted.length;
  await conn.run(`${dropScanSql(table)}; DROP TABLE gateway_ids`);
  return { counts, gatewayValues };
}
