/**
 * The SQL page's engine: DuckDB-WASM with the published data set attached under stable names. The page imports
 * this module dynamically, so neither DuckDB-WASM nor Arrow is part of any other page's download.
 *
 * The data is fetched and decoded while the WebAssembly module downloads and compiles (the two take about as
 * long), and the cubes cross into DuckDB as Arrow tables over the decoded Int32Arrays (arrow-columns.ts).
 */
import { DuckDBDataProtocol, type AsyncDuckDB, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { DataType, util, type Table } from 'apache-arrow';
import { DELIVERY_COLUMNS, REGISTRATION_COLUMNS, type EventRow, type FileEntry, type HeadquartersRow, type Manifest, type RegionRow } from '$shared/cube/format';
import { readChecked, readCube, readJson, readManifest, type ByteReader } from '$shared/cube/dataset';
import { overHttp, type ProgressListener } from '$lib/data/fetch-dataset';
import { arrowTable, deliveriesArrow, registrationsArrow } from './arrow-columns';
import { startDuckDb, type StartProgress } from './duckdb';
import { eventsTable, headquartersTable, externalTables, parquetViewSql, publishSql, regionsTable, stagedName, type ExternalTable, type StagedTable } from './tables';
import { markStartup } from './startup-marks';
import { errorText, type ColumnKind, type QueryOutcome, type ResultCell, type ResultTable } from './result';

export interface Session {
  manifest: Manifest;
  /** Every table, once attached: the session opens as soon as the first is (see openSession). */
  attached: Promise<AttachedTables>;
  /** Runs one or more statements; the last one's rows are the result. Never throws. */
  run(sql: string): Promise<QueryOutcome>;
  close(): Promise<void>;
}

export interface AttachedTables {
  /** The attached tables' names, in the order the README documents them. */
  tables: string[];
  unattached: Unattached[];
}

export interface SessionProgress {
  engine: StartProgress;
  /** Data files' bytes received, by path. */
  files: Map<string, { loaded: number; total: number | null }>;
  step: 'downloading' | 'attaching' | 'ready';
}

interface Published {
  manifest: Manifest;
  /** The cubes, decoded into Arrow tables that DuckDB takes as they are. */
  cubes: Array<{ name: string; table: Table }>;
  staged: StagedTable[];
  /** Arrow IPC files with their checked bytes. */
  arrow: Array<ExternalTable & { bytes: Uint8Array }>;
  parquet: ExternalTable[];
}

/** Every file the SQL tables need, checked against the manifest as the dashboard checks them; Parquet is left where it is. */
async function readPublished(read: ByteReader): Promise<Published> {
  const manifest = await readManifest(read);
  const f = manifest.files;
  const external = externalTables(f);
  const isExternal = (name: string) => external.some((t) => t.name === name);
  const cube = async (name: 'registrations' | 'deliveries', columns: readonly string[], toArrow: typeof registrationsArrow, orderBy?: string): Promise<Published['cubes']> =>
    isExternal(name) ? [] : [{ name, table: toArrow(await readCube(read, f[name], columns, orderBy), manifest.dimensions) }];
  const arrowFiles = external.filter((t) => t.format === 'arrow');
  const [registrations, deliveries, regions, headquarters, events, arrow] = await Promise.all([
    // In hour order, DuckDB's per-block min/max lets a time-range query skip most of the table.
    cube('registrations', REGISTRATION_COLUMNS, registrationsArrow, 'hour'),
    cube('deliveries', DELIVERY_COLUMNS, deliveriesArrow),
    readJson<RegionRow[]>(read, f.regions),
    readJson<HeadquartersRow[]>(read, f.headquarters),
    readJson<EventRow[]>(read, f.events),
    Promise.all(arrowFiles.map(async (t) => ({ ...t, bytes: await readChecked(read, (f as Record<string, FileEntry>)[t.name]) })))
  ]);
  return {
    manifest,
    cubes: [...registrations, ...deliveries],
    staged: [eventsTable(events), headquartersTable(headquarters), regionsTable(regions)],
    arrow,
    parquet: external.filter((t) => t.format === 'parquet')
  };
}

function kindOf(type: DataType): ColumnKind {
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return 'time';
  return 'text';
}

function cellOf(value: unknown, type: DataType): ResultCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (DataType.isDecimal(type)) return util.bigNumToNumber(value as Parameters<typeof util.bigNumToNumber>[0], type.scale);
  if (value instanceof Date) return value.getTime();
  return typeof value === 'object' ? JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) : String(value);
}

function resultOf(table: Table): ResultTable {
  const fields = table.schema.fields;
  const vectors = fields.map((_, i) => table.getChildAt(i));
  const rows: ResultCell[][] = [];
  for (let r = 0; r < table.numRows; r++) rows.push(fields.map((field, i) => cellOf(vectors[i]?.get(r), field.type)));
  return { columns: fields.map((f) => ({ name: f.name, kind: kindOf(f.type) })), rows };
}

/** A table the manifest lists that could not be attached, and DuckDB's reason. */
export interface Unattached {
  name: string;
  path: string;
  reason: string;
}

/**
 * Attaches the tables `which` picks; a Parquet file DuckDB-WASM cannot read is reported, not fatal: the rest still
 * answer.
 */
async function attach(db: AsyncDuckDB, conn: AsyncDuckDBConnection, base: URL, published: Published, which: (name: string) => boolean): Promise<Unattached[]> {
  const picked = <T extends { name: string }>(tables: T[]): T[] => tables.filter((t) => which(t.name));
  for (const { name, table } of picked(published.cubes)) await conn.insertArrowTable(table, { name });
  for (const table of picked(published.staged)) {
    await conn.insertArrowTable(arrowTable(table.columns), { name: stagedName(table) });
    await conn.query(publishSql(table));
  }
  for (const table of picked(published.arrow)) await conn.insertArrowFromIPCStream(table.bytes, { name: table.name });
  const unattached: Unattached[] = [];
  for (const table of picked(published.parquet)) {
    try {
      await db.registerFileURL(table.path, new URL(table.path, base).href, DuckDBDataProtocol.HTTP, false);
      await conn.query(parquetViewSql(table));
    } catch (e) {
      unattached.push({ name: table.name, path: table.path, reason: errorText(e) });
    }
  }
  return unattached;
}

/** The table the page's own query and most first questions ask for, attached before the session opens. */
const FIRST_TABLE = 'registrations';

/**
 * Starts DuckDB-WASM in `worker` (from startDuckDbWorker) and attaches the data set found at `base`; throws a
 * LoadError when the data cannot be read.
 *
 * The session opens once `registrations` is attached. The other tables are attached after the queries already
 * waiting for the session have been sent (DuckDB-WASM's worker answers in the order it is asked), which takes
 * their inserts, a third of the attaching, off the way to the first answer. A query that fails before they are
 * all attached is run again once they are, so a query over any table gets the answer it would have had.
 */
export async function openSession(base: URL, worker: Worker, onProgress: (progress: SessionProgress) => void): Promise<Session> {
  const progress: SessionProgress = { engine: { loaded: 0, total: null }, files: new Map(), step: 'downloading' };
  const report = () => onProgress(progress);
  const onFile: ProgressListener = ({ path, loaded, total }) => {
    progress.files.set(path, { loaded, total });
    report();
  };
  const [db, published] = await Promise.all([
    startDuckDb(worker, (engine) => {
      progress.engine = engine;
      report();
    }),
    overHttp(base, readPublished, onFile).then((published) => {
      markStartup('data');
      return published;
    })
  ]);
  progress.step = 'attaching';
  report();
  const conn = await db.connect();
  const firstUnattached = await attach(db, conn, base, published, (name) => name === FIRST_TABLE);
  markStartup('first-table');
  // A task later, not a microtask: the page's waiting query is sent in the microtasks that follow this return.
  const attached = new Promise((next) => setTimeout(next, 0))
    .then(() => attach(db, conn, base, published, (name) => name !== FIRST_TABLE))
    .then((rest): AttachedTables => {
      markStartup('attached');
      const unattached = [...firstUnattached, ...rest];
      const all = [...published.cubes, ...published.staged, ...published.arrow, ...published.parquet];
      return { tables: all.map((t) => t.name).filter((name) => !unattached.some((u) => u.name === name)), unattached };
    });
  let allAttached = false;
  // Attaching throws only when the worker is gone, which every query then reports.
  const settled = attached.then(
    () => (allAttached = true),
    () => (allAttached = true)
  );
  progress.step = 'ready';
  report();
  return {
    manifest: published.manifest,
    attached,
    async run(sql) {
      const started = performance.now();
      const sentBeforeAllAttached = !allAttached;
      const answer = async (): Promise<QueryOutcome> => ({ ok: true, result: resultOf(await conn.query(sql)), ms: performance.now() - started });
      try {
        return await answer();
      } catch (e) {
        if (!sentBeforeAllAttached) return { ok: false, error: errorText(e) };
        await settled;
        return answer().catch((again: unknown) => ({ ok: false, error: errorText(again) }));
      }
    },
    async close() {
      await settled;
      await conn.close();
      await db.terminate();
    }
  };
}
