/**
 * Accepted registrations that sit in DuckDB, one row each (a relation with state/build-state.ts's FACT_COLUMNS:
 * the scan of a CSV file, or a source's facts kept between builds), summed into the cube, the city table and the
 * resolution and distance tallies (cube/sum-groups.ts): each distinct (city, region) pair is resolved once in
 * TypeScript, each (city, headquarters period) classified once, and everything else is summed in SQL, so that
 * TypeScript meets only finished cube cells and city days. Returns the rows summed; with `sign` −1 they are taken
 * out of the sums instead (facts that went since a kept build: state/sum-facts.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../sources/csv/duckdb-scan.ts';
import { spellingOf } from '../validate/validate.ts';
import { registrationKeySql } from './aggregate.ts';
import { readIntColumns, writeIntTable } from './int-columns.ts';
import { readTextColumns } from './text-columns.ts';
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
  // pairs): then by the strings themselves. The hash is taken once a pair, after grouping, not once a row (10M demo,
  // alternated in one process: 0.51–0.56 s against 0.65–0.88 s, load 2.5).
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE pairs AS SELECT (row_number() OVER (ORDER BY first_row) - 1)::INTEGER AS pair, hash(city, region) AS h, city, region, n FROM ` +
      `(SELECT city, region, count(*)::INTEGER AS n, min(row) AS first_row FROM ${facts} GROUP BY ALL)`
  );
  // Read as columns, the strings apart from the integers (typed arrays, readIntColumns): an object per row took
  // 0.8 s (CPU profile) for the 10M demo's 129k pairs, all five columns as JS values 0.46 s. Pair i is row i.
  const [cities, regions] = await readTextColumns(conn, 'pairs', ['city', 'region'], 'pair');
  const [pairRows, same] = await readIntColumns(conn, 'SELECT n, (count(*) OVER (PARTITION BY h))::INTEGER FROM pairs ORDER BY pair', 2);
  // TALLYBOARD_PAIRS_BY_TEXT=1 takes the string path always: tests hold it to the same bytes as the hash path.
  const collided = process.env.TALLYBOARD_PAIRS_BY_TEXT === '1' || same.some((k) => k > 1);
  const sourceIds = sourceCells.map((r) => `(${sqlString(String(r.source_cell))}, ${summer.sourceIndex(valueOf(String(r.source_cell)))})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE source_ids AS SELECT * FROM (VALUES ${sourceIds.join(', ') || "('', 0)"}) t(source, id)`);
  // Each row's pair and source as indexes, in one pass over the facts, joined by DuckDB while JavaScript resolves
  // the pairs below: the join of the facts with the pairs needs no answer. Not grouped here: a grouping by all of
  // its columns (the 10M demo's ~7.5M groups) cost more than the three groupings it would save work for (medians
  // of 3 interleaved, 10M demo: 15.9 s against 9.8 s, load 3.6–5.1).
  const paired = conn.run(
    `CREATE OR REPLACE TEMP TABLE paired_facts AS SELECT p.pair, s.id AS source, f.hour, f.period, f.phone, f.email, f.questionnaire ` +
      `FROM ${facts} f JOIN pairs p ON ${collided ? 'f.city = p.city AND f.region = p.region' : 'hash(f.city, f.region) = p.h'} ` +
      `JOIN source_ids s ON f.source_cell = s.source`
  );
  // Awaited below; a failure while this thread resolves must not count as unhandled meanwhile.
  paired.catch(() => undefined);
  const texts = cities.map((city, i) => [city.trim(), regions[i].trim()] as const);
  // Each pair's spelling made once, for resolving ahead and placing both.
  const spellings = texts.map(([city, region]) => spellingOf(city, region));
  const pairCity = new Int32Array(texts.length);
  const pairRegion = new Int32Array(texts.length);
  try {
    await summer.resolveAhead(spellings);
    for (let i = 0; i < texts.length; i++) {
      const placed = summer.place(texts[i][0], texts[i][1], sign * pairRows[i], spellings[i]);
      pairCity[i] = placed.cityIndex;
      pairRegion[i] = placed.region;
    }
  } finally {
    // Even when resolving fails: the statement ends before the caller closes the connection.
    await paired.catch(() => undefined);
  }
  await paired;
  await writeIntTable(conn, 'pair_places', ['pair', 'city', 'region'], [Int32Array.from(pairCity, (_, i) => i), pairCity, pairRegion]);

  // Each row's city and region, from its pair's answer: a view, joined again by each sum below rather than stored
  // (10M rows; the stored table cost more than the four joins: synthetic 10M facts with the demo's shapes, 3 runs
  // alternated in one process, 17.0 → 13.6 s of CPU, 465k → 313k page faults; the 10M demo's statements from here
  // to the city days, one build each: 3.5 → 2.1 s).
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW placed_facts AS SELECT pp.city, pp.region, f.source, f.hour, f.period, f.phone, f.email, f.questionnaire ` +
      `FROM paired_facts f JOIN pair_places pp USING (pair)`
  );

  // Each city's distance class per headquarters period (any instant of a period gets the same class).
  const [city, period, inPeriod] = await readIntColumns(conn, 'SELECT city, period, count(*)::INTEGER FROM placed_facts GROUP BY ALL', 3);
  const distance = city.map((c, i) => summer.classifyInPeriod(c, period[i], sign * inPeriod[i]));
  await writeIntTable(conn, 'period_distances', ['city', 'period', 'distance'], [city, period, distance]);

  const stageSums = ['true', 'phone', 'email', 'questionnaire', 'phone AND questionnaire'].map((stage) => `count(*) FILTER (${stage})::INTEGER`).join(', ');
  if (summer.countsCityDays) {
    const hours = (await readIntColumns(conn, 'SELECT DISTINCT hour FROM placed_facts WHERE city >= 0', 1))[0];
    await writeIntTable(conn, 'hour_days', ['hour', 'day'], [hours, hours.map((h) => summer.dayOfHour(h))]);
  }
  // Read with room for the tables to take the columns over (readIntColumns, CellTable.addRows).
  const cells = await readIntColumns(
    conn,
    `SELECT g.hour, ${registrationKeySql('g.region', 'g.source', 'd.distance')}, ${stageSums} FROM placed_facts g JOIN period_distances d ON g.city = d.city AND g.period = d.period GROUP BY ALL`,
    7,
    0.5
  );
  // DuckDB sums the city days while this thread places the cube's cells (about 0.1 s of each on the 1M demo).
  const cityDays = summer.countsCityDays
    ? readIntColumns(conn, `SELECT g.city, d.day, ${stageSums} FROM placed_facts g JOIN hour_days d USING (hour) WHERE g.city >= 0 GROUP BY ALL`, 7, 0.5)
    : null;
  // Awaited below; a failure while this thread places the cells must not count as unhandled meanwhile.
  cityDays?.catch(() => undefined);
  let rows: number;
  try {
    rows = summer.addCells(cells[0], cells[1], cells.slice(2), sign);
  } finally {
    // Even when placing fails: the statement ends before the caller closes the connection.
    await cityDays?.catch(() => undefined);
  }
  if (cityDays) {
    const days = await cityDays;
    summer.addCityDays(days[0], days[1], days.slice(2), sign);
    await conn.run('DROP TABLE hour_days');
  }
  await conn.run('DROP VIEW placed_facts; DROP TABLE paired_facts; DROP TABLE pairs; DROP TABLE pair_places; DROP TABLE source_ids; DROP TABLE period_distances');
  return rows;
}
