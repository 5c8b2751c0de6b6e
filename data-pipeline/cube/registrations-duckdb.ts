/**
 * A registrations CSV file summed by DuckDB: its reader splits and checks the rows (sources/csv/duckdb-scan.ts),
 * the rows it cannot vouch for go through the TypeScript validator one by one, and the rest are grouped in SQL
 * (distinct city/region pairs, sources, hours, periods and stages) and summed as groups (cube/sum-groups.ts).
 * The result — cells, rejects, tallies — is the row-by-row path's (cube/registrations.ts); the differential test
 * in tests/integration/pipeline builds the demo both ways and compares every published byte.
 *
 * `sumCsvInDuckDb` returns `{ refused }`, having counted nothing, when DuckDB's strict reader refuses the file; the
 * caller then reads it with the TypeScript reader, which names each malformed row.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import type { SourceProfile } from '../config/campaign.ts';
import { csvRecord } from '../sources/csv-source.ts';
import { mapColumns } from '../sources/csv/profile-mapping.ts';
import { commonIsoOffset, csvHeaderOf, dropScanSql, EXTRA_COLUMNS, lastRowRefusal, rowOf, runScan, scanTableSql, slowRows, sqlIdKey, type CsvScanPlan } from '../sources/csv/duckdb-scan.ts';
import { isUtf8 } from '../sources/csv/read-csv.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import type { TimeRange } from '../validate/time-range.ts';
import { sumFactGroups } from './fact-groups.ts';
import type { RegistrationCounts, RegistrationStages } from './registrations.ts';
import { GroupSummer } from './sum-groups.ts';

export interface CsvFileSource {
  name: string;
  /** Absolute path of the export. */
  path: string;
  /** The path as the config writes it: rejects and messages name it. */
  origin: string;
  profile?: SourceProfile;
}

export interface DuckDbReadContext {
  conn: DuckDBConnection;
  /** A private folder for transcoded copies (removed by the caller). */
  tempDir: string;
  range: TimeRange;
  stages: RegistrationStages;
  /** The first data row's number less one (a file's new tail: the rows before it). */
  rowOffset?: number;
  /** With an incremental build's state: where the accepted rows go before they are summed. */
  facts?: FactsTarget;
}

/** What an incremental build's state (state/build-state.ts) does with a file's accepted rows. */
export interface FactsTarget {
  /** Called once DuckDB's reader has taken the file, before any row is judged: a refused file has changed nothing. */
  begin(): void;
  /** SQL: the key of a trimmed id expression (state/state-key.ts). */
  key(id: string): string;
  /** A relation of the keys earlier rows of this source hold (a new tail's duplicates), or null. */
  held: string | null;
  /** Keeps `accepted` (FACT_COLUMNS) as the source's facts, to be summed later; returns how many rows it kept. */
  store(accepted: string): Promise<number>;
}

/** A UTF-8 copy of an export in another encoding (decoded by iconv-lite like the TypeScript reader, BOM dropped). */
async function utf8Copy(path: string, encoding: string, tempDir: string, name: string): Promise<string> {
  const out = join(tempDir, `${name.replace(/[^\w.-]/g, '_')}.utf8.csv`);
  await pipeline(createReadStream(path), iconv.decodeStream(encoding, { stripBOM: true }), iconv.encodeStream('utf8'), createWriteStream(out));
  return out;
}

export async function sumCsvInDuckDb(src: CsvFileSource, ctx: DuckDbReadContext, tick: (read: number) => void): Promise<RegistrationCounts | { refused: string }> {
  const { conn, stages } = ctx;
  const profile = src.profile;
  const delimiter = profile?.delimiter ?? ',';
  const path = isUtf8(profile?.encoding) ? src.path : await utf8Copy(src.path, profile!.encoding!, ctx.tempDir, src.name);
  const fileHeader = profile?.header ? lastRowRefusal(path) : csvHeaderOf(path, delimiter);
  if (typeof fileHeader === 'string') return { refused: fileHeader };
  const columns = mapColumns((profile?.header ?? fileHeader!).map((c) => c.trim()), profile, delimiter, src.origin, src.name);
  const firstPlan: CsvScanPlan = {
    path,
    delimiter,
    headerRow: !profile?.header,
    width: columns.width,
    fieldIndex: columns.fieldIndex,
    personal: columns.personal,
    status: columns.status && { index: columns.status.index, keep: [...columns.status.keep], drop: [...columns.status.drop] },
    sourceName: src.name,
    isoTimes: !profile?.timeFormat,
    range: ctx.range,
    periodStarts: stages.distance.periodStarts,
    extraColumns: EXTRA_COLUMNS.first,
    rowOffset: ctx.rowOffset ?? 0,
    usualOffset: profile?.timeFormat || columns.fieldIndex.created_at === undefined ? null : commonIsoOffset(path, delimiter, !profile?.header, columns.fieldIndex.created_at)
  };
  const table = 'registrations_scan';
  const scanned = await runScan(conn, firstPlan, table, scanTableSql, stages.whileScanning);
  if (typeof scanned === 'string') return { refused: scanned };
  const plan = scanned;
  ctx.facts?.begin();
  const counts: RegistrationCounts = { read: 0, accepted: 0, rejected: 0 };
  counts.read = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows())[0][0]);
  tick(counts.read);
  const facts = ctx.facts;
  const hasId = plan.fieldIndex.id !== undefined;

  // With an incremental build's state, each row's key; rows of a new tail whose ids earlier rows hold are judged
  // by the validator, told of those ids, as if the earlier rows had just been read.
  if (facts) {
    await conn.run(`CREATE OR REPLACE TEMP TABLE row_keys AS SELECT row, ${hasId ? facts.key(sqlIdKey('fast', 'id')) : 'NULL::BLOB'} AS key FROM ${table}`);
    const held = facts.held && hasId ? `SELECT row FROM row_keys WHERE key IN (SELECT key FROM ${facts.held})` : 'SELECT NULL::BIGINT AS row WHERE false';
    await conn.run(`CREATE OR REPLACE TEMP TABLE held_rows AS ${held}`);
    const ids = (await conn.runAndReadAll(`SELECT ${sqlIdKey('fast', 'id')} FROM ${table} WHERE row IN (SELECT row FROM held_rows)`)).getRows();
    stages.validator.seen(src.name, ids.map((r) => String(r[0])));
  }

  // Rows the validator judges: the slow ones, and every row whose id occurs more than once (which of them is the
  // duplicate depends on which earlier ones the validator accepts).
  // Found among the ids whose hash repeats (the scan's id_hash): grouping 10M hashes and then the few ids that
  // share one took a third of the time of grouping the 10M ids themselves. The repeated hashes are found by sorting
  // them, not grouping: 10M hashes, in one process alternated with grouping, 2.0–2.5 s against 4.2–4.3 s (load 3);
  // a hash table of 10M groups reads memory at random, DuckDB's sort does not.
  const idKeyOf = sqlIdKey('fast', 'id');
  const repeatedHashes = `SELECT id_hash FROM (SELECT id_hash, lag(id_hash) OVER (ORDER BY id_hash) AS before FROM ${table} WHERE id IS NOT NULL) WHERE id_hash = before`;
  const dupKeys = !hasId
    ? 'SELECT NULL::VARCHAR AS id_key, NULL::UBIGINT AS id_hash WHERE false'
    : `SELECT ${idKeyOf} AS id_key, id_hash FROM ${table} WHERE id IS NOT NULL AND id_hash IN (${repeatedHashes}) GROUP BY ALL HAVING count(*) > 1`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE duplicate_ids AS ${dupKeys}`);
  const heldToo = facts ? ' UNION ALL SELECT row FROM held_rows' : '';
  // A fast row's id is its key. Its hash (the scan's, of that key, so one per key above) is tested first: an
  // integer per row, where testing the id itself hashed every row's text (10M rows, alternated: the rows to judge
  // selected in 1.0–1.4 s against 1.4–2.1 s, load 3.2).
  const fastDuplicates = `SELECT row FROM ${table} WHERE fast AND id_hash IN (SELECT id_hash FROM duplicate_ids) AND id IN (SELECT id_key FROM duplicate_ids)`;
  const judged = `SELECT row FROM ${table} WHERE NOT fast UNION ALL ${fastDuplicates}${heldToo}`;
  const slow = await slowRows(conn, plan, table, judged);
  await conn.run(`CREATE OR REPLACE TEMP TABLE slow_accepted (row BIGINT, source_cell VARCHAR, city VARCHAR, region VARCHAR, hour INTEGER, period INTEGER, phone BOOLEAN, email BOOLEAN, questionnaire BOOLEAN)`);
  const appender = await conn.createAppender('slow_accepted', 'main', 'temp');
  for (const { row, cells } of slow) {
    const rejection = stages.validator.check(csvRecord(src.origin, row, src.name, columns, cells), profile?.timeFormat);
    if (rejection) {
      counts.rejected++;
      stages.rejects.add(rejection);
      continue;
    }
    const a = stages.validator.accepted;
    appender.appendBigInt(BigInt(row));
    appender.appendVarchar(a.source);
    appender.appendVarchar(a.city);
    appender.appendVarchar(a.region);
    appender.appendInteger(hourOfMs(a.createdMs));
    appender.appendInteger(stages.distance.periodOf(a.createdMs));
    for (const ms of [a.phoneMs, a.emailMs, a.questionnaireMs]) appender.appendBoolean(ms === ms);
    appender.endRow();
  }
  appender.closeSync();
  await conn.run(`UPDATE ${table}_cells SET fast = false WHERE ${rowOf(plan.rowOffset)} IN (${fastDuplicates}${heldToo})`);

  // The accepted rows, as facts (state/build-state.ts's columns): summed here, or kept in the state.
  const key = facts ? 'k.key' : 'NULL::BLOB';
  const keyJoin = facts ? ' JOIN row_keys k USING (row)' : '';
  const fields = 'row, source_cell, city, region, hour, period, phone, email, questionnaire';
  const accepted =
    `(SELECT ${key} AS key, ${fields} FROM ${table}${keyJoin} WHERE fast UNION ALL ` +
    `SELECT ${key} AS key, ${fields} FROM slow_accepted${keyJoin})`;
  counts.accepted = facts ? await facts.store(accepted) : await sumFactGroups(conn, accepted, src.name, new GroupSummer(stages));
  await conn.run(`${dropScanSql(table)}; DROP TABLE duplicate_ids; DROP TABLE slow_accepted; DROP TABLE IF EXISTS row_keys; DROP TABLE IF EXISTS held_rows`);
  return counts;
}

