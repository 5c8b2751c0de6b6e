/**
 * Accepted registrations that sit in DuckDB, one row each (a relation with state/build-state.ts's FACT_COLUMNS:
 * the scan of a CSV file, or a source's facts kept between builds), summed as groups (cube/sum-groups.ts): each
 * distinct (city, region) pair is resolved once, and the rows are counted per pair, source cell, hour,
 * headquarters period and stages in SQL. Returns the rows summed; with `sign` −1 they are taken out of the sums
 * instead (facts that went since a kept build: state/sum-facts.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../sources/csv/duckdb-scan.ts';
import { readIntColumns } from './int-columns.ts';
import type { GroupSummer } from './sum-groups.ts';

export async function sumFactGroups(conn: DuckDBConnection, facts: string, sourceName: string, summer: GroupSummer, sign: 1 | -1 = 1): Promise<number> {
  // Source cells as given, each to its value as the validator reads it (trimmed; the source's name when empty),
  // registered in the order their first rows come.
  const sourceCells = (await conn.runAndReadAll(`SELECT source_cell, min(row) AS row FROM ${facts} GROUP BY ALL ORDER BY row`)).getRowObjectsJS();
  const valueOf = (cell: string): string => cell.trim() || sourceName;
  for (const r of sourceCells) summer.sourceIndex(valueOf(String(r.source_cell)));

  // (city, region) pairs as given, in the order their first rows come (as the row-by-row reader meets them: the
  // same spelling of a case or space variant goes to the resolver, so a build of unchanged rows finds every answer
  // in the last build's, resolution-cache.ts), resolved once each (trimmed as the validator trims them), and the groups that
  // reference them by index. Groups are keyed by the pair's hash (an integer key: several times cheaper than
  // grouping and joining on the two strings) unless two pairs share one (it happened once on the 10M demo's ~10⁵
  // pairs): then by the strings themselves.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE pairs AS SELECT (row_number() OVER (ORDER BY first_row) - 1)::INTEGER AS pair, h, city, region, n FROM ` +
      `(SELECT hash(city, region) AS h, city, region, count(*)::INTEGER AS n, min(row) AS first_row FROM ${facts} GROUP BY ALL)`
  );
  const pairs = (await conn.runAndReadAll('SELECT pair, city, region, n, count(*) OVER (PARTITION BY h) AS same FROM pairs ORDER BY pair')).getRowObjectsJS();
  // TALLYBOARD_PAIRS_BY_TEXT=1 takes the string path always: tests hold it to the same bytes as the hash path.
  const collided = process.env.TALLYBOARD_PAIRS_BY_TEXT === '1' || pairs.some((p) => Number(p.same) > 1);
  const pairCity = new Int32Array(pairs.length);
  const pairRegion = new Int32Array(pairs.length);
  const texts = pairs.map((p) => [String(p.city).trim(), String(p.region).trim()] as const);
  await summer.resolveAhead(texts);
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    const placed = summer.place(texts[i][0], texts[i][1], sign * Number(p.n));
    pairCity[Number(p.pair)] = placed.cityIndex;
    pairRegion[Number(p.pair)] = placed.region;
  }
  const sourceIds = sourceCells.map((r) => `(${sqlString(String(r.source_cell))}, ${summer.sourceIndex(valueOf(String(r.source_cell)))})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE source_ids AS SELECT * FROM (VALUES ${sourceIds.join(', ') || "('', 0)"}) t(source, id)`);
  const [pair, source, hour, period, phone, email, questionnaire, n] = await readIntColumns(
    conn,
    `SELECT p.pair, s.id, g.hour, g.period, g.phone, g.email, g.questionnaire, g.n FROM ` +
      `(SELECT ${collided ? 'city, region' : 'hash(city, region) AS ph'}, source_cell, hour, period, phone::INTEGER AS phone, email::INTEGER AS email, ` +
      `questionnaire::INTEGER AS questionnaire, count(*)::INTEGER AS n FROM ${facts} GROUP BY ALL) g ` +
      // In hour order: the city table looks a local day up once per run of one hour.
      `JOIN pairs p ON ${collided ? 'g.city = p.city AND g.region = p.region' : 'g.ph = p.h'} JOIN source_ids s ON g.source_cell = s.source ORDER BY g.hour`,
    8
  );
  let rows = 0;
  for (let g = 0; g < n.length; g++) {
    const k = pair[g];
    summer.addPlaced(pairCity[k], pairRegion[k], source[g], hour[g], period[g], phone[g] === 1, email[g] === 1, questionnaire[g] === 1, sign * n[g]);
    rows += n[g];
  }
  await conn.run('DROP TABLE pairs; DROP TABLE source_ids');
  return rows;
}
