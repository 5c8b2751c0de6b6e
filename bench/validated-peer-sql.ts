/**
 * The statements of the like-for-like peer (bench/pipeline-peer.mjs --sql): DuckDB's read_csv over the demo's
 * registrations and delivery log, each row checked by the build's own SQL (duckdb-scan.ts scanRowsSql,
 * deliveries-duckdb.ts logGroupsSql: the row's shape, its id, its four timestamps' shape, range and order, the
 * fields' lengths and the headquarters network's period; the log's timestamp, channel, gateway and status), and
 * the rows grouped at the cube's grain in the same statement. It is the least the build's contracts ask of DuckDB
 * alone: what the build does besides (the duplicate-id check, each rejected row's cells, the city names resolved,
 * the partner's export, the cubes encoded and published) is left out, so the pipeline ÷ this peer is the price of
 * those, where the plain peer's ratio is the price of all the checks too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DELIVERY_COLUMNS } from '../data-pipeline/cube/deliveries.ts';
import { logGroupsSql } from '../data-pipeline/cube/deliveries-duckdb.ts';
import { csvHeaderOf, EXTRA_COLUMNS, scanRowsSql } from '../data-pipeline/sources/csv/duckdb-scan.ts';
import { mapColumns } from '../data-pipeline/sources/csv/profile-mapping.ts';
import { CsvTokenizer } from '../data-pipeline/sources/csv/tokenizer.ts';
import { campaignTimeRange } from '../data-pipeline/validate/time-range.ts';

interface DemoConfig {
  window: { start: string };
  validTimes?: { from?: string; to?: string };
  sources: Array<{ name: string; path: string }>;
  deliveries: string;
  headquarters?: string;
}

/** The instants the headquarters network changes (DistanceClassifier.periodStarts), from the demo's file. */
function periodStarts(path: string): number[] {
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer(',');
  tokenizer.push(readFileSync(path, 'utf8'), rows);
  tokenizer.end(rows);
  const [columns, ...cells] = rows;
  const at = ['opened', 'closed'].map((name) => columns.indexOf(name));
  const times = new Set<number>();
  for (const row of cells) for (const i of at) if (i >= 0 && row[i]) times.add(Date.parse(row[i]));
  return [...times].filter(Number.isFinite).sort((a, b) => a - b);
}

function header(path: string): string[] {
  const h = csvHeaderOf(path, ',');
  if (typeof h === 'string') throw new Error(`${path}: ${h}`);
  return h.map((c) => c.trim());
}

/** The peer's two statements over the demo campaign of `configPath` (its first source and its delivery log). */
export function validatedPeerStatements(configPath: string, dir: string): string[] {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as DemoConfig;
  const range = campaignTimeRange(config.window, config.validTimes, Date.now());
  const site = config.sources[0];
  const path = join(dir, site.path);
  const columns = mapColumns(header(path), undefined, ',', site.path, site.name);
  const at = (i: number | undefined): string => (i === undefined ? "''" : `c${i}`);
  const rows = scanRowsSql({
    path,
    delimiter: ',',
    headerRow: true,
    width: columns.width,
    fieldIndex: columns.fieldIndex,
    personal: columns.personal,
    status: null,
    sourceName: site.name,
    isoTimes: true,
    range,
    periodStarts: config.headquarters ? periodStarts(join(dir, config.headquarters)) : [],
    extraColumns: EXTRA_COLUMNS.first
  });
  const { source, city, region } = columns.fieldIndex;
  const log = join(dir, config.deliveries);
  const names = header(log);
  const col = DELIVERY_COLUMNS.map((name) => names.indexOf(name));
  return [
    `CREATE TEMP TABLE r AS SELECT ${at(source)} AS source, ${at(city)} AS city, ${at(region)} AS region, hour, period, phone, email, questionnaire, fast, count(*) AS n FROM (${rows}) GROUP BY ALL`,
    `CREATE TEMP TABLE d AS ${logGroupsSql({ path: log, delimiter: ',', headerRow: true, width: names.length, extraColumns: EXTRA_COLUMNS.first, col, range })}`
  ];
}
