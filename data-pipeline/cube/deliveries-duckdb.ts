/**
 * The delivery log summed by DuckDB, the way cube/registrations-duckdb.ts sums registrations: DuckDB's reader
 * splits the rows, SQL proves the clean ones valid (an ISO timestamp in the one shape, in range; a known channel
 * and status; a gateway with nothing to trim) and counts them per (hour, channel, gateway, status); the rest go
 * through checkDelivery one by one, as the worker-thread reader (cube/deliveries.ts) checks every row. Gateways
 * are numbered in the order their first accepted rows come, as there. A log without such rows is summed in one
 * pass without storing its rows (sumCleanLog). Returns the counts and gateway names, or why DuckDB refused the
 * file (the caller then reads it on the worker thread).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { csvLine, RAW } from '../../shared/csv/csv.ts';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../../shared/cube/format.ts';
import { ZoneClock } from '../../shared/time/zone-clock.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { cellsOfList, csvHeaderOf, dropScanSql, EXTRA_COLUMNS, isInterrupt, lastSpareColumn, readCsvCall, rowCellsSql, rowOf, runScan, sqlList, sqlString, type ReadPlan, type ScanStatements } from '../sources/csv/duckdb-scan.ts';
import { readHead } from '../sources/csv/read-head.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import { sqlAmong, sqlCleanEnds, sqlIsoMs } from '../validate/sql/fast-checks.ts';
import type { RejectSink } from '../validate/rejects-file.ts';
import type { TimeRange } from '../validate/time-range.ts';
import type { CubeAggregator } from './aggregate.ts';
import { checkDelivery, DELIVERY_COLUMNS, deliveryChannelIndex, deliveryStatusIndex, type DeliveryJob } from './deliveries.ts';
import { readIntColumns } from './int-columns.ts';

export interface DeliveryTotals {
  counts: { read: number; accepted: number; rejected: number };
  gatewayValues: string[];
  /** Rows SQL could not vouch for, checked one by one (0: the log was summed in one pass). */
  slowRows?: number;
}

/** How DuckDB reads the log: its columns' indexes in DELIVERY_COLUMNS' order, and the campaign's valid times. */
export type LogPlan = ReadPlan & { col: readonly number[]; range: TimeRange };

/**
 * Whether a row (or a group of rows alike in these cells) is fast, from `timeOk` (its timestamp in the one shape
 * and in range) and its channel, gateway and status cells; with the group's indexes of channel and status.
 */
function groupColumnsSql(plan: LogPlan, timeOk: string): string {
  const c = (k: number): string => `c${plan.col[k]}`;
  const channels = sqlList(DELIVERY_CHANNELS);
  const statuses = sqlList(DELIVERY_STATUSES);
  const fast = `coalesce(${timeOk} AND ${sqlAmong(c(1), channels)} AND ${sqlAmong(c(3), statuses)} AND ${c(2)} <> '' AND ${sqlCleanEnds(c(2))}, false)`;
  return (
    `${fast} AS fast, (list_position(${channels}, ${c(1)}) - 1)::INTEGER AS channel, ${c(2)} AS gateway, ` +
    `(list_position(${statuses}, ${c(3)}) - 1)::INTEGER AS status`
  );
}

/** The log's rows, each with its timestamp's epoch ms as `ms` (NULL when not in the one shape). */
const msRowsSql = (plan: LogPlan): string => `SELECT *, ${sqlIsoMs(`c${plan.col[0]}`)} AS ms FROM ${readCsvCall(plan)}`;
/** Whether `ms` is in the campaign's valid range. */
const timeOkSql = (plan: LogPlan): string => `ms >= ${plan.range.from} AND ms < ${plan.range.to}`;
const HOUR_SQL = '(ms // 3600000)::INTEGER AS hour';

/**
 * The log's rows as a query: each row's group (hour, channel, gateway, status), whether it is fast, its last spare
 * cell (for runScan's test of a row with more cells) and, for a slow row, every cell (the log has no personal
 * columns), for the checks and rejects.csv.
 */
function logRowsSql(plan: LogPlan): string {
  return (
    `SELECT fast, hour, channel, gateway, status, ${lastSpareColumn(plan)} AS last_cell, CASE WHEN fast THEN NULL ELSE ${rowCellsSql(plan)} END AS cells ` +
    `FROM (SELECT *, ${groupColumnsSql(plan, timeOkSql(plan))}, ${HOUR_SQL} FROM (${msRowsSql(plan)}))`
  );
}

/**
 * The log's groups (logRowsSql's columns less the cells, with `n` rows of which `spilled` reach the last spare
 * column) in one pass: a row's own work is its timestamp; its channel, gateway and status are checked and
 * indexed once per group of rows that share them with their hour. Checking them on every row, the 1M demo's log
 * (2M rows), medians of 5 alternated: 1.07 → 0.65 s, 1.74 → 1.06 s of CPU (load 1.2).
 */
export function logGroupsSql(plan: LogPlan): string {
  const cells = [1, 2, 3].map((k) => `c${plan.col[k]}`).join(', ');
  return (
    `SELECT ${groupColumnsSql(plan, 'time_ok')}, hour, n, spilled FROM (SELECT ${timeOkSql(plan)} AS time_ok, ${HOUR_SQL}, ${cells}, ` +
    `count(*) AS n, count(${lastSpareColumn(plan)}) AS spilled FROM (${msRowsSql(plan)}) GROUP BY ALL)`
  );
}

/**
 * The scan table and its view, for runScan (as scanTableSql). A fast row keeps only what its group needs: unlike a
 * registration, a fast delivery never turns slow later (no ids to repeat), so not even its cells are kept.
 */
function deliveryScanSql(plan: LogPlan, table: string): ScanStatements {
  return [
    `CREATE TEMP TABLE ${table}_cells AS SELECT fast, hour, channel, gateway, status, last_cell AS ${lastSpareColumn(plan)}, cells FROM (${logRowsSql(plan)})`,
    `CREATE TEMP VIEW ${table} AS SELECT ${rowOf()} AS row, fast, hour, channel, gateway, status FROM ${table}_cells`,
    `${lastSpareColumn(plan)} IS NOT NULL`
  ];
}

/**
 * Gateway indexes in the order names are given (the order their first accepted rows come); past maxGateways
 * names count as "other", as the worker-thread reader counts them.
 */
function gatewayNumbering(maxGateways: number): { indexOf(name: string): number; values: string[] } {
  const values: string[] = [];
  // `named` as the worker-thread reader keeps it (names it gave an index, "other" included); `seen` remembers
  // every name's answer without counting towards the cap.
  const named = new Map<string, number>();
  const seen = new Map<string, number>();
  return {
    values,
    indexOf(name: string): number {
      let g = seen.get(name) ?? named.get(name);
      if (g === undefined) {
        const key = named.size < maxGateways ? name : 'other';
        g = named.get(key);
        if (g === undefined) {
          g = values.length;
          values.push(key);
          named.set(key, g);
        }
        seen.set(name, g);
      }
      return g;
    }
  };
}

/** Bytes of the log's head: whether it looks clean, and the order of its gateways' first rows (about 45k rows). */
const HEAD_BYTES = 2 << 20;

/**
 * The log's head as a file of its own: its first HEAD_BYTES up to the last line end in them (the whole log when
 * shorter), or null when they hold no line end. A LIMIT on DuckDB's reader of the whole log took time that grew with
 * the file: 50 ms for the 1M demo's log, 0.7 s for the 10M demo's, read serially (40–700 ms for the 1M log in parallel).
 */
function headFile(path: string, tempDir: string): string | null {
  const bytes = readHead(path, HEAD_BYTES);
  const end = bytes.length < HEAD_BYTES ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
  if (end === 0) return null;
  const head = join(tempDir, 'delivery-log-head.csv');
  writeFileSync(head, bytes.subarray(0, end));
  return head;
}

/**
 * The log summed in one pass of DuckDB's reader without storing its rows, when each of them is fast and none
 * reaches the last spare column; otherwise null, having counted nothing: the caller reads it again with its rows
 * stored, to check the slow ones and number them. A log whose head has such a row goes there at once, so that
 * only a log whose defects all come late pays for both passes. The groups carry no row numbers (read_csv has
 * none, and numbering the rows serialises the read): the gateways' first rows come from the head, or, for a
 * gateway first met past it, from a pass over the gateway column alone. The 10M demo's log (20M rows), this
 * function alone against storing the rows, medians of 3 alternated: 10.4 → 6.9 s, 18.6 → 12.4 s of CPU (load 2);
 * 23.4 → 15.3 s (load 5–6). The 1M demo's log, medians of 9: 1.06 → 1.25 s, 1.96 → 1.85 s of CPU (load 2): about
 * even. Grouped by `fast` too: a bool_and over each group was no faster than storing the rows.
 */
async function sumCleanLog(conn: DuckDBConnection, plan: LogPlan, tempDir: string, maxGateways: number, cube: Pick<CubeAggregator, 'addDelivery'>): Promise<DeliveryTotals | null> {
  const headPath = headFile(plan.path, tempDir);
  if (!headPath) return null;
  let head: unknown[][];
  try {
    // Per gateway of the head, in the order of its first row, whether all its rows are clean: grouped in SQL, as
    // its ~45k rows read into JavaScript took ~80 ms of this thread (1M demo).
    const rows = `SELECT row_number() OVER () AS row, gateway, fast AND last_cell IS NULL AS clean FROM (${logRowsSql({ ...plan, path: headPath, serial: true })})`;
    head = (await conn.runAndReadAll(`SELECT gateway, bool_and(clean) FROM (${rows}) GROUP BY gateway ORDER BY min(row)`)).getRowsJS();
    if (head.some((r) => r[1] !== true)) return null;
    await conn.run(`CREATE OR REPLACE TEMP TABLE log_groups AS ${logGroupsSql(plan)}`);
  } catch (e) {
    if (isInterrupt(e)) throw e;
    // A file the strict reader refuses, or one it reads only serially: runScan's retries in the caller tell which.
    return null;
  }
  const [[clean, read, gateways]] = (await conn.runAndReadAll('SELECT coalesce(bool_and(fast) AND sum(spilled) = 0, true), coalesce(sum(n), 0), count(DISTINCT gateway) FROM log_groups')).getRowsJS();
  if (!clean) {
    await conn.run('DROP TABLE log_groups');
    return null;
  }
  let order = head.map((r) => String(r[0]));
  if (order.length < Number(gateways)) {
    const gateway = `c${plan.col[2]}`;
    const sql = `SELECT ${gateway} FROM (SELECT row_number() OVER () AS row, ${gateway} FROM ${readCsvCall(plan)}) GROUP BY ALL ORDER BY min(row)`;
    order = (await conn.runAndReadAll(sql)).getRowsJS().map((r) => String(r[0]));
  }
  const numbering = gatewayNumbering(maxGateways);
  const [hour, channel, index, status, n] = await readGroups(conn, 'log_groups', 'sum(d.n)', order.map((name) => [name, numbering.indexOf(name)]));
  for (let i = 0; i < n.length; i++) cube.addDelivery(hour[i], channel[i], index[i], status[i], n[i]);
  await conn.run('DROP TABLE log_groups');
  const total = Number(read);
  return { counts: { read: total, accepted: total, rejected: 0 }, gatewayValues: numbering.values, slowRows: 0 };
}

/**
 * The fast rows of `relation` (hour, channel, gateway, status, fast) summed per group — `count`: how a row counts
 * (`count(*)`, or a column of counts summed) — with each gateway as its index among `ids`.
 */
async function readGroups(conn: DuckDBConnection, relation: string, count: string, ids: Array<[string, number]>): Promise<Int32Array[]> {
  const values = ids.map(([name, id]) => `(${sqlString(name)}, ${id})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE gateway_ids AS SELECT * FROM (VALUES ${values.join(', ') || "('', 0)"}) t(gateway, id)`);
  const groups = await readIntColumns(conn, `SELECT d.hour, d.channel, g.id, d.status, ${count}::INTEGER FROM ${relation} d JOIN gateway_ids g ON d.gateway = g.gateway WHERE d.fast GROUP BY ALL`, 5);
  await conn.run('DROP TABLE gateway_ids');
  return groups;
}

export async function sumDeliveriesInDuckDb(conn: DuckDBConnection, tempDir: string, job: DeliveryJob, cube: Pick<CubeAggregator, 'addDelivery'>, rejects: RejectSink): Promise<DeliveryTotals | { refused: string }> {
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
  const maxGateways = job.maxGateways ?? 1000;
  const clean = await sumCleanLog(conn, first, tempDir, maxGateways, cube);
  if (clean) return clean;
  const plan = await runScan(conn, first, table, deliveryScanSql);
  if (typeof plan === 'string') return { refused: plan };
  const counts = { read: 0, accepted: 0, rejected: 0 };
  counts.read = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows())[0][0]);

  // The rows SQL could not vouch for, checked one by one; the row keeps every cell it has (for rejects.csv).
  const slow = (await conn.runAndReadAll(`SELECT ${rowOf()} AS row, cells FROM ${table}_cells WHERE NOT fast ORDER BY row`))
    .getRowObjectsJS()
    .map((r) => ({ row: Number(r.row), cells: cellsOfList(r.cells as Array<string | null>) }));
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

  // Gateways numbered in the order their first accepted rows come.
  const firstRows = (await conn.runAndReadAll(`SELECT gateway, min(row) AS row FROM ${table} WHERE fast GROUP BY ALL`)).getRowObjectsJS();
  const order = [...firstRows.map((r) => ({ gateway: String(r.gateway), row: Number(r.row) })), ...accepted].sort((x, y) => x.row - y.row);
  const numbering = gatewayNumbering(maxGateways);
  for (const o of order) numbering.indexOf(o.gateway);
  const [hour, channel, gateway, status, n] = await readGroups(conn, table, 'count(*)', firstRows.map((r) => [String(r.gateway), numbering.indexOf(String(r.gateway))]));
  for (let i = 0; i < n.length; i++) {
    cube.addDelivery(hour[i], channel[i], gateway[i], status[i], n[i]);
    counts.accepted += n[i];
  }
  for (const a of accepted) cube.addDelivery(a.hour, a.channel, numbering.indexOf(a.gateway), a.status, 1);
  counts.accepted += accepted.length;
  await conn.run(dropScanSql(table));
  return { counts, gatewayValues: numbering.values, slowRows: slow.length };
}
