/**
 * One registration source read against the state (build-state.ts): only what changed since the last build, then
 * all of the source's facts summed into the cubes. What each kind reads:
 *   csv       nothing when the file is unchanged; the new tail when it only grew (csv-growth.ts), its rows numbered
 *             on and its ids checked against the rows before; else all of it, replacing the source's facts.
 *   others    (PostgreSQL, OSDI, a CSV file DuckDB's reader refuses or with its own time format) all rows, one by
 *             one, replacing the source's facts.
 * Rejected rows are kept per source too (validate/rejects-file.ts), so rejects.csv stays whole.
 */
import { closeSync, createReadStream, createWriteStream, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sumCsvInDuckDb, type CsvFileSource } from '../cube/registrations-duckdb.ts';
import { sumFactGroups } from '../cube/fact-groups.ts';
import { sumRegistrations, type RegistrationCounts, type RegistrationStages } from '../cube/registrations.ts';
import { GroupSummer } from '../cube/sum-groups.ts';
import type { RegistrationSource } from '../sources/types.ts';
import type { TimeRange } from '../validate/time-range.ts';
import type { BuildState } from './build-state.ts';
import { csvGrowth, type CsvMark } from './csv-growth.ts';
import { FactAppender } from './fact-appender.ts';
import type { StateKey } from './state-key.ts';

export interface StateContext {
  state: BuildState;
  key: StateKey;
  conn: DuckDBConnection;
  /** A private folder for a tail's copy. */
  tempDir: string;
  range: TimeRange;
  stages: RegistrationStages;
}

export interface SourceRead {
  /** The whole source's, as a full build would count them. */
  counts: RegistrationCounts;
  /** What was read, for the build log. */
  how: string;
}

const partOf = (s: number): string => `source-${s}`;

/** A CSV file read by DuckDB against the state, or why DuckDB's reader refused it (nothing counted then). */
export async function readCsvWithState(ctx: StateContext, s: number, file: CsvFileSource, tick: (read: number) => void): Promise<SourceRead | { refused: string }> {
  const { state, stages } = ctx;
  const part = partOf(s);
  const mark = state.watermark<CsvMark>(part);
  const growth = await csvGrowth(file.path, mark);
  const grew = growth.from > 0;
  const rowsBefore = grew ? mark!.rows : 0;
  stages.rejects.beginPart(state.rejectsPart(part), grew ? 'all' : 'none');
  let read = 0;
  let accepted: number;
  if (grew && growth.from === growth.size) accepted = await sumFactGroups(ctx.conn, state.factsOf(s), file.name, new GroupSummer(stages));
  else {
    const path = grew ? await tailCopy(file, growth.from, ctx.tempDir) : file.path;
    const result = await sumCsvInDuckDb({ ...file, path }, {
      conn: ctx.conn,
      tempDir: ctx.tempDir,
      range: ctx.range,
      stages,
      rowOffset: rowsBefore,
      facts: {
        key: ctx.key.sql,
        held: grew ? `(SELECT key FROM ${state.factsOf(s)})` : null,
        store: async (rows) => {
          await (grew ? state.appendFacts(s, rows) : state.replaceFacts(s, rows));
          return state.factsOf(s);
        }
      }
    }, tick);
    if ('refused' in result) return result;
    read = result.read;
    accepted = result.accepted;
  }
  state.setWatermark(part, { size: growth.size, sha256: growth.sha256, endsWithNewline: growth.endsWithNewline, rows: rowsBefore + read } satisfies CsvMark);
  const rejected = stages.rejects.partCount;
  const how = !grew ? 'read in full' : read === 0 ? 'unchanged' : `${growth.size - growth.from} new bytes, ${read} new rows`;
  return { counts: { read: accepted + rejected, accepted, rejected }, how };
}

/** A source read row by row, in full, its accepted rows becoming its facts. */
export async function readRowsWithState(ctx: StateContext, s: number, source: RegistrationSource, timeFormat: string | undefined, tick: (read: number) => void, onBatch: () => void): Promise<SourceRead> {
  const { state, stages } = ctx;
  const part = partOf(s);
  stages.rejects.beginPart(state.rejectsPart(part), 'none');
  const facts = await FactAppender.open(ctx.conn, 'facts_in', ctx.key, (ms) => stages.distance.periodOf(ms));
  let counts: RegistrationCounts;
  try {
    counts = await sumRegistrations([source], [timeFormat], stages, tick, onBatch, facts);
  } finally {
    facts.close();
  }
  await state.replaceFacts(s, facts.table);
  counts.accepted = await sumFactGroups(ctx.conn, state.factsOf(s), source.name, new GroupSummer(stages));
  await ctx.conn.run(`DROP TABLE ${facts.table}; DROP TABLE ${facts.touched}`);
  return { counts, how: 'read in full' };
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
