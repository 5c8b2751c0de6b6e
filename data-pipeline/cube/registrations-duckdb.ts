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
import { csvHeaderOf, EXTRA_COLUMNS, runScan, scanTableSql, slowRows, sqlString, type CsvScanPlan } from '../sources/csv/duckdb-scan.ts';
import { isUtf8 } from '../sources/csv/read-csv.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import { sqlJsTrim } from '../validate/sql/fast-checks.ts';
import type { TimeRange } from '../validate/time-range.ts';
import { readIntColumns } from './int-columns.ts';
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
  const fileHeader = profile?.header ? null : csvHeaderOf(path, delimiter);
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
    extraColumns: EXTRA_COLUMNS.first
  };
  const table = 'registrations_scan';
  const scanned = await runScan(conn, firstPlan, table, scanTableSql);
  if (typeof scanned === 'string') return { refused: scanned };
  const plan = scanned;
  const counts: RegistrationCounts = { read: 0, accepted: 0, rejected: 0 };
  counts.read = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows())[0][0]);
  tick(counts.read);
  const summer = new GroupSummer(stages);

  // Rows the validator judges: the slow ones, and every row whose id occurs more than once (which of them is the
  // duplicate depends on which earlier ones the validator accepts).
  const dupKeys = plan.fieldIndex.id === undefined ? 'SELECT NULL::VARCHAR AS id_key WHERE false' : `SELECT ${idKey('fast', 'id')} AS id_key FROM ${table} WHERE id IS NOT NULL GROUP BY ALL HAVING count(*) > 1`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE duplicate_ids AS ${dupKeys}`);
  const judged = `SELECT row FROM ${table} WHERE NOT fast OR ${idKey('fast', 'id')} IN (SELECT id_key FROM duplicate_ids)`;
  const slow = await slowRows(conn, plan, table, judged);
  await conn.run(`DROP TABLE ${table}_cells`);
  const accepted: Array<{ row: number; source: string; city: string; region: string; ms: number; phone: boolean; email: boolean; questionnaire: boolean }> = [];
  for (const { row, cells } of slow) {
    const rejection = stages.validator.check(csvRecord(src.origin, row, src.name, columns, cells), profile?.timeFormat);
    if (rejection) {
      counts.rejected++;
      stages.rejects.add(rejection);
      continue;
    }
    const a = stages.validator.accepted;
    accepted.push({ row, source: a.source, city: a.city, region: a.region, ms: a.createdMs, phone: a.phoneMs === a.phoneMs, email: a.emailMs === a.emailMs, questionnaire: a.questionnaireMs === a.questionnaireMs });
  }
  await conn.run(`UPDATE ${table} SET fast = false WHERE fast AND id IN (SELECT id_key FROM duplicate_ids)`);

  // Source cells as given, each to its value as the validator reads it (trimmed; the source's name when empty),
  // registered in the order their first accepted rows come.
  const sourceCells = (await conn.runAndReadAll(`SELECT source_cell, min(row) AS row FROM ${table} WHERE fast GROUP BY ALL`)).getRowObjectsJS();
  const valueOf = (cell: string): string => cell.trim() || src.name;
  const order = [...sourceCells.map((r) => ({ source: valueOf(String(r.source_cell)), row: Number(r.row) })), ...accepted];
  order.sort((x, y) => x.row - y.row);
  for (const { source } of order) summer.sourceIndex(source);

  // (city, region) pairs as given, resolved once each (trimmed as the validator trims them), and the groups that
  // reference them by index. Groups are keyed by the pair's hash (an integer key: several times cheaper than
  // grouping and joining on the two strings) unless two pairs share one (it happened once on the 10M demo's ~10⁵
  // pairs): then by the strings themselves.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE pairs AS SELECT (row_number() OVER () - 1)::INTEGER AS pair, h, city, region, n FROM ` +
      `(SELECT hash(city, region) AS h, city, region, count(*)::INTEGER AS n FROM ${table} WHERE fast GROUP BY ALL)`
  );
  const pairs = (await conn.runAndReadAll('SELECT pair, city, region, n, count(*) OVER (PARTITION BY h) AS same FROM pairs ORDER BY pair')).getRowObjectsJS();
  // TALLYBOARD_PAIRS_BY_TEXT=1 takes the string path always: tests hold it to the same bytes as the hash path.
  const collided = process.env.TALLYBOARD_PAIRS_BY_TEXT === '1' || pairs.some((p) => Number(p.same) > 1);
  const pairCity = new Int32Array(pairs.length);
  const pairRegion = new Int32Array(pairs.length);
  for (const p of pairs) {
    const placed = summer.place(String(p.city).trim(), String(p.region).trim(), Number(p.n));
    pairCity[Number(p.pair)] = placed.cityIndex;
    pairRegion[Number(p.pair)] = placed.region;
  }
  const sourceIds = sourceCells.map((r) => `(${sqlString(String(r.source_cell))}, ${summer.sourceIndex(valueOf(String(r.source_cell)))})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE source_ids AS SELECT * FROM (VALUES ${sourceIds.join(', ') || "('', 0)"}) t(source, id)`);
  const [pair, source, hour, period, phone, email, questionnaire, n] = await readIntColumns(
    conn,
    `SELECT p.pair, s.id, g.hour, g.period, g.phone, g.email, g.questionnaire, g.n FROM ` +
      `(SELECT ${collided ? 'city, region' : 'hash(city, region) AS ph'}, source_cell, hour, period, phone::INTEGER AS phone, email::INTEGER AS email, ` +
      `questionnaire::INTEGER AS questionnaire, count(*)::INTEGER AS n FROM ${table} WHERE fast GROUP BY ALL) g ` +
      // In hour order: the city table looks a local day up once per run of one hour.
      `JOIN pairs p ON ${collided ? 'g.city = p.city AND g.region = p.region' : 'g.ph = p.h'} JOIN source_ids s ON g.source_cell = s.source ORDER BY g.hour`,
    8
  );
  for (let g = 0; g < n.length; g++) {
    const k = pair[g];
    summer.addPlaced(pairCity[k], pairRegion[k], source[g], hour[g], period[g], phone[g] === 1, email[g] === 1, questionnaire[g] === 1, n[g]);
    counts.accepted += n[g];
  }
  for (const a of accepted) {
    const p = summer.place(a.city, a.region, 1);
    summer.addPlaced(p.cityIndex, p.region, summer.sourceIndex(a.source), hourOfMs(a.ms), stages.distance.periodOf(a.ms), a.phone, a.email, a.questionnaire, 1);
  }
  counts.accepted += accepted.length;
  await conn.run(`DROP TABLE ${table}; DROP TABLE pairs; DROP TABLE source_ids; DROP TABLE duplicate_ids`);
  return counts;
}

const idKey = (fast: string, id: string): string => `CASE WHEN ${fast} THEN ${id} ELSE ${sqlJsTrim(id)} END`;
const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;
