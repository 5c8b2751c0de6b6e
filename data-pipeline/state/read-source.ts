/**
 * One registration source read against the state (build-state.ts): only what changed since the last build goes into
 * its facts, and the reader says what changed; the facts are summed afterwards (sum-facts.ts). What each kind reads:
 *   csv       nothing when the file is unchanged; the new tail when it only grew (csv-growth.ts), its rows numbered
 *             on and its ids checked against the rows before; else all of it, replacing the source's facts.
 *   postgres  with `updatedAtColumn`: the rows at or above the last high-water mark, and the ids still present;
 *   osdi      the people modified since the last build began (both upsert: a changed row replaces its fact);
 *   others    (a CSV file DuckDB's reader refuses or with its own time format: nothing while its bytes are the
 *             same; PostgreSQL without `updatedAtColumn`) all rows, one by one, replacing the source's facts.
 * Rejected rows are kept per source too (validate/rejects-file.ts), so rejects.csv stays whole.
 */
import { closeSync, createReadStream, createWriteStream, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceConfig } from '../config/campaign.ts';
import { openRowSource } from '../sources/open-sources.ts';
import { RejectsFile } from '../validate/rejects-file.ts';
import type { Rejection } from '../validate/validate.ts';
import { sumCsvInDuckDb, type CsvFileSource } from '../cube/registrations-duckdb.ts';
import { sumRegistrations, type RegistrationCounts, type RegistrationStages } from '../cube/registrations.ts';
import type { RegistrationSource } from '../sources/types.ts';
import type { TimeRange } from '../validate/time-range.ts';
import type { BuildState, FactDiff } from './build-state.ts';
import type { CsvMark } from './csv-growth.ts';
import { FactAppender } from './fact-appender.ts';
import type { FileHashes } from './file-hashes.ts';
import type { HashAhead } from './hash-ahead.ts';
import type { StateKey } from './state-key.ts';

export interface StateContext {
  state: BuildState;
  /** The build's rejects.csv (stages.rejects is the same file). */
  rejects: RejectsFile;
  key: StateKey;
  conn: DuckDBConnection;
  /** A private folder for a tail's copy. */
  tempDir: string;
  /** The variables the config names (a database URL, a token). */
  env: NodeJS.ProcessEnv;
  range: TimeRange;
  stages: RegistrationStages;
  /** What a long-lived process hashed in earlier builds. */
  hashes?: FileHashes;
  /** The CSV files, hashed ahead (hashSourcesAhead). */
  ahead: HashAhead;
  /**
   * Whether a source read again or changed says what went and came (a `changed` FactChange): when the process
   * kept the last build's sums (kept-sums.ts), which then take the difference instead of every fact.
   */
  diff: boolean;
}

/** What changed in a source's facts since the last build. */
export type FactChange =
  /** Nothing. */
  | { kind: 'none' }
  /** Rows appended after position `after` (a CSV file's new tail); the facts before stay as they were. */
  | { kind: 'appended'; after: number }
  /** Facts replaced, changed or deleted: what went and came for the sums (StateContext.diff). */
  | { kind: 'changed'; diff: FactDiff }
  /** Anything, not said (no sums kept to take a difference). */
  | { kind: 'rewritten' };

export interface SourceRead {
  /** The whole source's rejected rows, kept ones included, as a full build would count them. */
  rejected: number;
  change: FactChange;
  /** What was read, for the build log. */
  how: string;
}

const partOf = (s: number): string => `source-${s}`;

/**
 * Starts hashing, on `ahead`'s worker, what a build with a state hashes: the delivery log first (its hash is asked
 * for first), then each CSV source (`csv`: source index → path) as its read will ask, cut where `marks` (the last
 * build's watermarks, BuildState.lastWatermarks) say it stopped.
 */
export function hashSourcesAhead(ahead: HashAhead, marks: Record<string, unknown>, log: string | null, csv: ReadonlyMap<number, string>, hashes?: FileHashes): void {
  if (log) ahead.start(log, null, hashes);
  for (const [s, path] of csv) ahead.start(path, (marks[partOf(s)] as CsvMark | undefined) ?? null, hashes);
}

/** A CSV file read by DuckDB against the state, or why DuckDB's reader refused it (nothing counted then). */
export async function readCsvWithState(ctx: StateContext, s: number, file: CsvFileSource, tick: (read: number) => void): Promise<SourceRead | { refused: string }> {
  const { state, stages, rejects } = ctx;
  const part = partOf(s);
  const mark = state.watermark<CsvMark>(part);
  const growth = await ctx.ahead.growth(file.path, mark, ctx.hashes);
  const grew = growth.from > 0;
  const rowsBefore = grew ? mark!.rows : 0;
  // Begun once the file is known readable: a file DuckDB refuses goes to the row-by-row reader, which begins the
  // part itself — begun twice, the last build's kept lines were written twice, or lost.
  const beginRejects = (): void => rejects.beginPart(state.rejectsPart(part), grew ? 'all' : 'none');
  let read = 0;
  let diff: FactDiff | null = null;
  if (!grew || growth.from !== growth.size) {
    const path = grew ? await tailCopy(file, growth.from, ctx.tempDir) : file.path;
    const result = await sumCsvInDuckDb({ ...file, path }, {
      conn: ctx.conn,
      tempDir: ctx.tempDir,
      range: ctx.range,
      stages,
      rowOffset: rowsBefore,
      facts: {
        begin: beginRejects,
        key: ctx.key.sql,
        held: grew ? `(SELECT key FROM ${state.factsOf(s)})` : null,
        store: async (rows) => {
          if (grew) return state.appendFacts(s, rows);
          const replaced = await state.replaceFacts(s, rows, ctx.diff);
          diff = replaced.diff;
          return replaced.rows;
        }
      }
    }, tick);
    if ('refused' in result) return result;
    read = result.read;
  } else beginRejects();
  state.setWatermark(part, { size: growth.size, sha256: growth.sha256, endsWithNewline: growth.endsWithNewline, rows: rowsBefore + read } satisfies CsvMark);
  const how = !grew ? 'read in full' : read === 0 ? 'unchanged' : `${growth.size - growth.from} new bytes, ${read} new rows`;
  const change: FactChange = !grew ? rewritten(diff) : read === 0 ? { kind: 'none' } : { kind: 'appended', after: rowsBefore };
  return { rejected: rejects.partCount, change, how };
}

/** Where a source read row by row stopped: its watermark (null: read in full next time) and the positions used. */
interface RowsMark {
  since: string | null;
  rows: number;
}

/**
 * A source read row by row: with a kept watermark and a source that can list its changes (PostgreSQL with
 * `updatedAtColumn`, OSDI), only the rows changed since, which replace theirs; else all rows, replacing the facts.
 */
export async function readRowsWithState(ctx: StateContext, s: number, cfg: Exclude<SourceConfig, { kind: 'csv' }>, full: RegistrationSource, timeFormat: string | undefined, tick: (read: number) => void): Promise<SourceRead> {
  const { state, stages, rejects, conn } = ctx;
  const part = partOf(s);
  const mark = state.watermark<RowsMark>(part);
  const changes = cfg.kind === 'osdi' || (cfg.kind === 'postgres' && !!cfg.updatedAtColumn) ? (mark?.since ?? null) : null;
  if (changes === null) return readAllRows(ctx, s, full, timeFormat, tick, (counts) => ({ since: full.watermark?.() ?? null, rows: counts.read }) satisfies RowsMark);

  // Changed rows only. Their rejections wait until the part's kept lines (less those of the rows read again, or
  // gone from the source) are written.
  let tableRows = -1;
  const changed = openRowSource(cfg, ctx.env, { since: changes, onTableRows: (n) => void (tableRows = n) });
  const held: Array<[Rejection, Buffer | null]> = [];
  const { counts, facts } = await readFacts(ctx, changed, timeFormat, mark!.rows, { ...stages, rejects: { add: (r, k = null) => void held.push([r, k]) } }, tick);
  const keptLines = RejectsFile.keysIn(state.rejectsPart(part));
  // A PostgreSQL table that lost rows: its ids are read (every one, keyed: seconds at 1M rows) to learn which. They
  // are read in a later snapshot than the rows: one read now and deleted in between leaves at the next build.
  const live = cfg.kind === 'postgres' && tableRows !== (await rowsIfNoneWent(ctx, s, facts, keptLines, counts.read)) ? await liveKeys(ctx, cfg) : null;
  const gone = new Set<string>();
  if (live) {
    await conn.run('CREATE OR REPLACE TEMP TABLE kept_reject_keys (key BLOB)');
    const a = await conn.createAppender('kept_reject_keys', 'main', 'temp');
    for (const k of keptLines) {
      if (k === null) continue;
      a.appendBlob(Buffer.from(k, 'hex'));
      a.endRow();
    }
    a.closeSync();
    for (const [k] of (await conn.runAndReadAll('SELECT lower(hex(key)) FROM kept_reject_keys WHERE key NOT IN (SELECT key FROM live_keys)')).getRows()) gone.add(String(k));
    await conn.run('DROP TABLE kept_reject_keys');
  }
  rejects.beginPart(state.rejectsPart(part), (k) => k === null || (!facts.touchedHex.has(k) && !gone.has(k)));
  for (const [r, k] of held) rejects.add(r, k);
  const upsert = await state.upsertFacts(s, facts.table, facts.touched, live, ctx.diff);
  state.setWatermark(part, { since: changed.watermark?.() ?? changes, rows: mark!.rows + counts.read } satisfies RowsMark);
  await dropFacts(conn, facts);
  if (live) await conn.run('DROP TABLE live_keys');
  const change: FactChange = upsert.changed ? rewritten(upsert.diff) : { kind: 'none' };
  return { rejected: rejects.partCount, change, how: `${counts.read} row(s) changed since ${changes}${live ? '; rows went: every id read' : ''}` };
}

/**
 * How many rows the table would hold if none went since the last build: the kept facts and rejected lines of rows
 * not read again, and the rows read now. Ids are unique in such a table (an upsert's key), so a count that
 * differs means rows were deleted (rows inserted or changed since are among those read).
 */
async function rowsIfNoneWent(ctx: StateContext, s: number, facts: FactAppender, keptLines: readonly (string | null)[], read: number): Promise<number> {
  const untouched = `SELECT count(*) FROM ${ctx.state.factsOf(s)} WHERE key IS NULL OR key NOT IN (SELECT key FROM ${facts.touched})`;
  const keptFacts = Number((await ctx.conn.runAndReadAll(untouched)).getRows()[0][0]);
  return keptFacts + keptLines.filter((k) => k === null || !facts.touchedHex.has(k)).length + read;
}

/** Every id the PostgreSQL table holds now, keyed, as the temporary table `live_keys`. */
async function liveKeys(ctx: StateContext, cfg: Extract<SourceConfig, { kind: 'postgres' }>): Promise<string> {
  await ctx.conn.run('CREATE OR REPLACE TEMP TABLE live_keys (key BLOB)');
  const live = await ctx.conn.createAppender('live_keys', 'main', 'temp');
  // Loaded here, as sources/open-sources.ts loads its readers: a campaign without PostgreSQL never pays for `pg`.
  const { readLiveIds } = await import('../sources/postgres.ts');
  try {
    await readLiveIds(cfg, ctx.env, (id) => {
      live.appendBlob(ctx.key.ofId(id.trim()));
      live.endRow();
    });
  } finally {
    live.closeSync();
  }
  return 'live_keys';
}

/**
 * A CSV file read by the TypeScript reader: nothing when its bytes are those of the last build, else all of it
 * (the reader takes no tail: its rows would be numbered from the tail's start).
 */
export async function readCsvRowsWithState(ctx: StateContext, s: number, path: string, source: RegistrationSource, timeFormat: string | undefined, tick: (read: number) => void): Promise<SourceRead> {
  const part = partOf(s);
  const mark = ctx.state.watermark<CsvMark>(part);
  const growth = await ctx.ahead.growth(path, mark, ctx.hashes);
  const watermark = (counts: RegistrationCounts): CsvMark => ({ size: growth.size, sha256: growth.sha256, endsWithNewline: growth.endsWithNewline, rows: counts.read });
  if (growth.from === 0 || growth.from !== growth.size) return readAllRows(ctx, s, source, timeFormat, tick, watermark);
  ctx.rejects.beginPart(ctx.state.rejectsPart(part), 'all');
  return { rejected: ctx.rejects.partCount, change: { kind: 'none' }, how: 'unchanged' };
}

/** All of a source's rows, replacing its facts; `watermark` says where the next build starts. */
async function readAllRows(ctx: StateContext, s: number, source: RegistrationSource, timeFormat: string | undefined, tick: (read: number) => void, watermark: (counts: RegistrationCounts) => unknown): Promise<SourceRead> {
  const { state, stages, rejects, conn } = ctx;
  rejects.beginPart(state.rejectsPart(partOf(s)), 'none');
  const { counts, facts } = await readFacts(ctx, source, timeFormat, null, stages, tick);
  const { diff } = await state.replaceFacts(s, facts.table, ctx.diff);
  state.setWatermark(partOf(s), watermark(counts));
  await dropFacts(conn, facts);
  return { rejected: counts.rejected, change: rewritten(diff), how: 'read in full' };
}

/**
 * Reads `source` into a fresh facts table; `rowBase` (the positions used so far) is added to the row numbers of a
 * changed-rows read, whose keys are then noted in JavaScript too (`touchedHex`).
 */
async function readFacts(ctx: StateContext, source: RegistrationSource, timeFormat: string | undefined, rowBase: number | null, stages: RegistrationStages, tick: (read: number) => void) {
  const facts = await FactAppender.open(ctx.conn, 'facts_in', ctx.key, (ms) => stages.distance.periodOf(ms), rowBase);
  try {
    return { counts: await sumRegistrations([source], [timeFormat], stages, tick, facts), facts };
  } finally {
    facts.close();
  }
}

const rewritten = (diff: FactDiff | null): FactChange => (diff ? { kind: 'changed', diff } : { kind: 'rewritten' });

async function dropFacts(conn: DuckDBConnection, facts: FactAppender): Promise<void> {
  await conn.run(`DROP TABLE ${facts.table}; DROP TABLE ${facts.touched}`);
}

/** The header line (unless the profile names the columns) and the bytes from `from` on, in a file of their own. */
async function tailCopy(file: CsvFileSource, from: number, tempDir: string): Promise<string> {
  const out = join(tempDir, `${file.name.replace(/[^\w.-]/g, '_')}.tail.csv`);
  writeFileSync(out, file.profile?.header ? Buffer.alloc(0) : headerLine(file.path));
  await pipeline(createReadStream(file.path, { start: from }), createWriteStream(out, { flags: 'a' }));
  return out;
}

/** The file's first line with its line end (its first megabyte at most: a longer header is refused on the scan). */
function headerLine(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(1 << 20);
    const n = readSync(fd, head, 0, head.length, 0);
    const end = head.subarray(0, n).indexOf(0x0a);
    return head.subarray(0, end < 0 ? n : end + 1);
  } finally {
    closeSync(fd);
  }
}
