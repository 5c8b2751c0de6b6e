/**
 * A registrations CSV file summed by DuckDB: its reader splits and checks the rows (sources/csv/duckdb-scan.ts),
 * the rows it cannot vouch for go through the TypeScript validator one by one, and the rest are grouped in SQL
 * (distinct city/region pairs, sources, hours, periods and stages) and summed as groups (cube/sum-groups.ts).
 * The result — cells, rejects, tallies — is the row-by-row path's (cube/registrations.ts); the differential test
 * in tests/integration/pipeline builds the demo both ways and compares every published byte.
 *
 * `sumCsvInDuckDb` returns null, having read nothing, when DuckDB's strict reader refuses the file; the caller then
 * reads it with the TypeScript reader, which names each malformed row.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import type { SourceProfile } from '../config/campaign.ts';
import { csvRecord } from '../sources/csv-source.ts';
import { mapColumns } from '../sources/csv/profile-mapping.ts';
import { readHead } from '../sources/csv/read-head.ts';
import { CsvTokenizer } from '../sources/csv/tokenizer.ts';
import { EXTRA_COLUMNS, otherColumns, scanTableSql, type CsvScanPlan } from '../sources/csv/duckdb-scan.ts';
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

const isUtf8 = (e: string | undefined): boolean => !e || /^utf-?8$/i.test(e);
const HEAD_BYTES = 1 << 20;

/** A UTF-8 copy of an export in another encoding (decoded by iconv-lite like the TypeScript reader, BOM dropped). */
async function utf8Copy(path: string, encoding: string, tempDir: string, name: string): Promise<string> {
  const out = join(tempDir, `${name.replace(/[^\w.-]/g, '_')}.utf8.csv`);
  await pipeline(createReadStream(path), iconv.decodeStream(encoding, { stripBOM: true }), iconv.encodeStream('utf8'), createWriteStream(out));
  return out;
}

/** The file's header row as the TypeScript reader splits it, or why DuckDB cannot take the file. */
function headerOf(path: string, delimiter: string): string[] | string {
  const head = Buffer.from(readHead(path, HEAD_BYTES));
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const lineEnd = text.search(/[\r\n]/);
  if (lineEnd < 0) return 'no line end in its first megabyte';
  // Old Mac line ends (CR alone): DuckDB's reader splits lines at LF.
  if (/\r(?!\n)/.test(text.slice(0, Math.max(0, text.length - 1)))) return 'its lines end in CR alone';
  const rows: string[][] = [];
  new CsvTokenizer(delimiter).push(text.slice(0, lineEnd) + '\n', rows);
  const header = rows[0];
  if (!header || header.some((c) => c.includes('"'))) return 'its header row is quoted across lines';
  return header;
}

export async function sumCsvInDuckDb(src: CsvFileSource, ctx: DuckDbReadContext, tick: (read: number) => void): Promise<RegistrationCounts | { refused: string }> {
  const { conn, stages } = ctx;
  const profile = src.profile;
  const delimiter = profile?.delimiter ?? ',';
  const path = isUtf8(profile?.encoding) ? src.path : await utf8Copy(src.path, profile!.encoding!, ctx.tempDir, src.name);
  const fileHeader = profile?.header ? null : headerOf(path, delimiter);
  if (typeof fileHeader === 'string') return { refused: fileHeader };
  const columns = mapColumns((profile?.header ?? fileHeader!).map((c) => c.trim()), profile, delimiter, src.origin, src.name);
  const plan: CsvScanPlan = {
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
    periodStarts: stages.distance.periodStarts
  };
  const table = 'registrations_scan';
  const scan = async (p: CsvScanPlan): Promise<void> => {
    await conn.run(`DROP TABLE IF EXISTS ${table}; DROP TABLE IF EXISTS ${table}_cells`);
    for (const sql of scanTableSql(p, table)) await conn.run(sql);
  };
  try {
    await scan(plan);
  } catch (e) {
    const message = (e as Error).message;
    if (!/null_padding in conjunction with quoted new lines/.test(message)) return { refused: firstLine(message) };
    try {
      await scan({ ...plan, serial: true });
    } catch (e2) {
      return { refused: firstLine((e2 as Error).message) };
    }
  }
  const counts: RegistrationCounts = { read: 0, accepted: 0, rejected: 0 };
  counts.read = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows())[0][0]);
  tick(counts.read);
  const summer = new GroupSummer(stages);

  // Rows the validator judges: the slow ones, and every row whose id occurs more than once (which of them is the
  // duplicate depends on which earlier ones the validator accepts).
  const dupKeys = plan.fieldIndex.id === undefined ? 'SELECT NULL::VARCHAR AS id_key WHERE false' : `SELECT id_key FROM ${table} WHERE id_key IS NOT NULL GROUP BY id_key HAVING count(*) > 1`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE duplicate_ids AS ${dupKeys}`);
  const slow = (
    await conn.runAndReadAll(
      `SELECT row, fast, id_key, cms, sms0, sms1, sms2, offset_minutes, city, region, source_cell, others, cells, cell_count FROM ${table} ` +
        `WHERE NOT fast OR id_key IN (SELECT id_key FROM duplicate_ids) ORDER BY row`
    )
  ).getRowObjectsJS();
  const others = otherColumns(plan);
  const accepted: Array<{ row: number; source: string; city: string; region: string; ms: number; phone: boolean; email: boolean; questionnaire: boolean }> = [];
  for (const r of slow) {
    const row = Number(r.row);
    const cells = r.fast ? fastRowCells(r, plan, others) : ((r.cells as Array<string | null>).slice(0, Number(r.cell_count)).map((c) => c ?? '') as string[]);
    const rejection = stages.validator.check(csvRecord(src.origin, row, src.name, columns, cells), profile?.timeFormat);
    if (rejection) {
      counts.rejected++;
      stages.rejects.add(rejection);
      continue;
    }
    const a = stages.validator.accepted;
    accepted.push({ row, source: a.source, city: a.city, region: a.region, ms: a.createdMs, phone: a.phoneMs === a.phoneMs, email: a.emailMs === a.emailMs, questionnaire: a.questionnaireMs === a.questionnaireMs });
  }
  await conn.run(`UPDATE ${table} SET fast = false WHERE fast AND id_key IN (SELECT id_key FROM duplicate_ids)`);

  // Sources in the order their first accepted rows come.
  const firstRows = (await conn.runAndReadAll(`SELECT source, min(row) AS row FROM ${table} WHERE fast GROUP BY source`)).getRowObjectsJS();
  const order = [...firstRows.map((r) => ({ source: String(r.source), row: Number(r.row) })), ...accepted];
  order.sort((x, y) => x.row - y.row);
  for (const { source } of order) summer.sourceIndex(source);

  // (city, region) pairs, resolved once each, and the groups that reference them by index.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE pairs AS SELECT (row_number() OVER () - 1)::INTEGER AS pair, city, region, n FROM ` +
      `(SELECT city, region, count(*)::INTEGER AS n FROM ${table} WHERE fast GROUP BY ALL)`
  );
  const pairs = (await conn.runAndReadAll('SELECT pair, city, region, n FROM pairs ORDER BY pair')).getRowObjectsJS();
  const pairCity = new Int32Array(pairs.length);
  const pairRegion = new Int32Array(pairs.length);
  for (const p of pairs) {
    const placed = summer.place(String(p.city), String(p.region), Number(p.n));
    pairCity[Number(p.pair)] = placed.cityIndex;
    pairRegion[Number(p.pair)] = placed.region;
  }
  const sourceIds = firstRows.map((r) => `(${sqlText(String(r.source))}, ${summer.sourceIndex(String(r.source))})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE source_ids AS SELECT * FROM (VALUES ${sourceIds.join(', ') || "('', 0)"}) t(source, id)`);
  const [pair, source, hour, period, phone, email, questionnaire, n] = await readIntColumns(
    conn,
    `SELECT p.pair, s.id, r.hour, r.period, (r.sms0 IS NOT NULL)::INTEGER, (r.sms1 IS NOT NULL)::INTEGER, (r.sms2 IS NOT NULL)::INTEGER, count(*)::INTEGER ` +
      `FROM ${table} r JOIN pairs p ON r.city = p.city AND r.region = p.region JOIN source_ids s ON r.source = s.source WHERE r.fast GROUP BY ALL`,
    8
  );
  for (let g = 0; g < n.length; g++) {
    const k = pair[g];
    summer.addPlaced(pairCity[k], pairRegion[k], source[g], hour[g], period[g], phone[g] === 1, email[g] === 1, questionnaire[g] === 1, n[g]);
    counts.accepted += n[g];
  }
  for (const a of accepted) {
    const p = summer.place(a.city, a.region, 1);
    summer.addPlaced(p.cityIndex, p.region, summer.sourceIndex(a.source), Math.floor(a.ms / 3_600_000), stages.distance.periodOf(a.ms), a.phone, a.email, a.questionnaire, 1);
  }
  counts.accepted += accepted.length;
  await conn.run(`DROP TABLE ${table}; DROP TABLE pairs; DROP TABLE source_ids; DROP TABLE duplicate_ids`);
  return counts;
}

const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const firstLine = (s: string): string => s.split('\n')[0];

/** `YYYY-MM-DDTHH:MM:SS±HH:MM` of an instant at an offset (minutes east): the one shape fast rows have. */
function isoAt(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** A fast row's cells, rebuilt from its stored values (personal cells blank: they are never read). */
function fastRowCells(r: Record<string, unknown>, plan: CsvScanPlan, others: number[]): string[] {
  const cells: string[] = new Array<string>(plan.width).fill('');
  const f = plan.fieldIndex;
  const offset = Number(r.offset_minutes);
  const put = (i: number | undefined, v: string): void => {
    if (i !== undefined) cells[i] = v;
  };
  put(f.id, String(r.id_key));
  put(f.created_at, isoAt(Number(r.cms), offset));
  put(f.city, String(r.city));
  put(f.region, String(r.region));
  put(f.source, String(r.source_cell));
  (['phone_confirmed_at', 'email_confirmed_at', 'questionnaire_at'] as const).forEach((field, k) => put(f[field], r[`sms${k}`] == null ? '' : isoAt(Number(r[`sms${k}`]), offset)));
  const values = (r.others as Array<string | null> | null) ?? [];
  others.forEach((i, k) => (cells[i] = values[k] ?? ''));
  return cells;
}
