/**
 * Writes a published data set — the folder the dashboard and the report read with `loadDataset`.
 *
 *   const { compressed } = await gzipCubes(parts);           // encoded; still gzipping on libuv's threads
 *   const staged = stageDataset(dir, parts, await compressed); // the build, then swapIntoPlace
 *   const manifest = writeDataset(dir, parts);               // synchronous, for tests and benches
 *
 * `parts` (DatasetParts below) holds the two cube tables (columns as Int32Array, see shared/cube/format.ts),
 * the dictionaries, the JSON side files and the campaign info. The writer:
 *   - gzips each cube (encodeTable, zlib level 7, filtered: CUBE_GZIP below) and serialises the JSON files. Over the
 *     1M demo's 10 MB registrations encoding that is ~0.1 s of CPU: `gzipCubes` runs both cubes' gzip on
 *     libuv's thread pool while it encodes them a column at a time, so the build prepares the rest (the city
 *     table) meanwhile; the stream writes the same bytes as gzipSync;
 *   - computes each file's sha256 over the bytes as written, the row counts, the cube totals per stage and the
 *     first/last hour, and writes manifest.json (format/version from format.ts);
 *   - writes it all into a staging folder beside DIR (`stageDataset`), which `swapIntoPlace` (publish-swap.ts)
 *     then puts in place in one rename, once the build's private files are complete too. `writeDataset` does both.
 * `counts` defaults to read = accepted = the cube's registered total; `cities` to zeros — handy for tests that
 * write small synthetic data sets.
 */
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { constants, createGzip, gzip, gzipSync } from 'node:zlib';
import type { Topology } from 'topojson-specification';
import { CITY_TABLE_PATH } from '../../shared/cube/city-table.ts';
import { encodedPieces, encodeTable } from '../../shared/cube/codec.ts';
import { DAILY_CUBE_PATH, dailyRollup } from '../../shared/cube/day-rollup.ts';
import {
  DELIVERY_COLUMNS,
  FORMAT_NAME,
  FORMAT_VERSION,
  REGISTRATION_COLUMNS,
  STAGES,
  type CampaignInfo,
  type ColumnTable,
  type EventRow,
  type FileEntry,
  type HeadquartersRow,
  type Manifest,
  type RegionRow,
  type Stage
} from '../../shared/cube/format.ts';
import { fileWriteError } from '../csv-file.ts';
import { stagingFolder, swapIntoPlace } from './publish-swap.ts';

export interface DatasetParts {
  campaign: CampaignInfo;
  /** Columns: REGISTRATION_COLUMNS (hour, region, source, distance, then one per stage). */
  registrations: ColumnTable;
  /** Columns: DELIVERY_COLUMNS (hour, channel, gateway, status, count). */
  deliveries: ColumnTable;
  /** Dictionaries of the dimension columns; `distance` is normally [...DISTANCE_CODES] (shared/cube/distance-codes.ts). */
  dimensions: Manifest['dimensions'];
  regions: RegionRow[];
  headquarters: HeadquartersRow[];
  events: EventRow[];
  shapes: Topology;
  counts?: Manifest['counts'];
  cities?: Manifest['cities'];
  /** cities.arrow (export/city-table.ts); synthetic sets for tests may leave it out. */
  cityTable?: { bytes: Uint8Array; rows: number };
  /** ISO time; defaults to now. */
  generatedAt?: string;
}

/** Files of the set, by manifest key. */
export const DATASET_FILES = {
  registrations: 'registrations.tbc',
  deliveries: 'deliveries.tbc',
  regions: 'regions.json',
  headquarters: 'headquarters.json',
  events: 'events.json',
  shapes: 'shapes.json',
  registrationsDaily: DAILY_CUBE_PATH
} as const;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function pick(table: ColumnTable, names: readonly string[], what: string): ColumnTable {
  const columns: Record<string, Int32Array> = {};
  for (const n of names) {
    const col = table.columns[n];
    if (!col) throw new Error(`writeDataset: ${what} table lacks column "${n}"`);
    if (col.length !== table.rows) throw new Error(`writeDataset: ${what}.${n} has ${col.length} values, expected ${table.rows}`);
    columns[n] = col;
  }
  return { rows: table.rows, columns };
}

function sum(values: Int32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function hourRange(...cols: Int32Array[]): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const c of cols) {
    for (let i = 0; i < c.length; i++) {
      const h = c[i];
      if (h < first) first = h;
      if (h > last) last = h;
    }
  }
  return Number.isFinite(first) ? { first, last } : { first: 0, last: 0 };
}

/**
 * Level 7 with the filtered strategy and the largest hash memory: on the demos' encodings (long runs of small
 * deltas) level 8 wrote 0.7 % fewer bytes in 2.4× the time (1M demo: 859,995 against 865,877 B, 207 against 85 ms;
 * 10M demo: 4,294,349 against 4,326,110 B, 1,084 against 438 ms; one process each, load 1.3). The pool compresses
 * while this thread encodes, rolls up and makes the city table, so on two cores its time is the build's too; the
 * published cubes stay under 1 MB (the 1M bench demo's two: 955,021 B).
 */
export const CUBE_GZIP = { level: 7, strategy: constants.Z_FILTERED, memLevel: 9 } as const;

const gzipAsync = promisify(gzip);

/**
 * The daily roll-up's gzip: level 5, filtered. Its rows compress less regularly than the hourly cube's, and level 8
 * took 4× as long as level 6 for 2 % fewer bytes (demo: 728 ms for 571,979 B against 177 ms for 583,206 B). Its
 * compression ends last, and the build's thread waited for it (0.14–0.19 s of the 1M demo's export): level 5 takes
 * half the time of level 6 for 1.6 % more bytes (medians of 7 alternated: 96 against 199 ms, 592,643 against
 * 583,206 B; level 4 58 ms and 602,642 B).
 */
export const DAILY_CUBE_GZIP = { level: 5, strategy: constants.Z_FILTERED, memLevel: 9 } as const;

/** The published cube files' bytes. */
export interface GzippedCubes {
  registrations: Uint8Array;
  deliveries: Uint8Array;
  /** The registrations summed to local days (shared/cube/day-rollup.ts), with its row count. */
  registrationsDaily: { bytes: Uint8Array; rows: number };
}

/** `spent`: arrays the daily roll-up may write over (CubeAggregator.finish's). */
type CubeParts = Pick<DatasetParts, 'registrations' | 'deliveries'> & { campaign: Pick<CampaignInfo, 'timeZone'>; spent?: Uint32Array[] };

/** The hourly cubes' tables, of the columns the format names in its order: registrations, deliveries. */
function hourlyTables(parts: CubeParts): [registrations: ColumnTable, deliveries: ColumnTable] {
  return [pick(parts.registrations, REGISTRATION_COLUMNS, 'registrations'), pick(parts.deliveries, DELIVERY_COLUMNS, 'deliveries')];
}

/**
 * Gzips an hourly table (CUBE_GZIP) on libuv's thread pool while it is encoded here, a column at a time, yielding between columns so
 * the pool compresses one while the next is made (the 10M demo's 55 MB encoding took 0.7 s to make and, at level
 * 8, 1.5 s to compress, one after the other). `encoded` settles once the last column is handed over, `bytes` with the
 * compressed file. The stream writes the bytes gzipSync writes over the whole encoding (a unit test holds them
 * equal).
 */
function gzipWhileEncoding(table: ColumnTable): { encoded: Promise<void>; bytes: Promise<Uint8Array> } {
  // Output in large chunks: each chunk is a round trip through this thread, which has other work meanwhile.
  const zip = createGzip({ ...CUBE_GZIP, chunkSize: 1 << 22 });
  const out: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => out.push(chunk));
  const bytes = new Promise<Uint8Array>((done, fail) => {
    zip.on('end', () => done(Buffer.concat(out)));
    zip.on('error', fail);
  });
  const encoded = (async () => {
    for (const piece of encodedPieces(table)) {
      zip.write(piece);
      await new Promise((next) => setImmediate(next));
    }
    zip.end();
  })();
  return { encoded, bytes };
}

/**
 * Encodes the cubes, compressing them on libuv's thread pool meanwhile; resolves once they are encoded, with the
 * compression still going on (`compressed`): the caller prepares the rest of the set in the meantime.
 */
export async function gzipCubes(parts: CubeParts): Promise<{ compressed: Promise<GzippedCubes> }> {
  const tables = hourlyTables(parts);
  const [registrations, deliveries] = tables.map((table) => gzipWhileEncoding(table));
  await Promise.all([registrations.encoded, deliveries.encoded]);
  // Summed to days while the pool still compresses the hourly cube (at 10M, 0.3 s of its 0.44 s).
  const dailyTable = dailyRollup(tables[0], parts.campaign.timeZone, parts.spent);
  // Encoded whole and handed to the pool as one job: a stream needs this thread between its chunks, and this
  // thread then works for a while without a break (the city table, the unresolved spellings), so the roll-up's
  // 0.1 s of compression took 0.25–0.35 s and ended last, ~70 ms after this thread was done; as one job it is done
  // when this thread gets there, and the hourly cube's stream ends 30–45 ms after (1M demo, 4 builds each).
  const whole = encodeTable(dailyTable);
  const dailyBytes = gzipAsync(whole, { ...DAILY_CUBE_GZIP, chunkSize: whole.length + (1 << 16) });
  const compressed = Promise.all([registrations.bytes, deliveries.bytes, dailyBytes]).then(([r, d, day]) => ({
    registrations: r,
    deliveries: d,
    registrationsDaily: { bytes: day, rows: dailyTable.rows }
  }));
  // A build that fails before it waits for them must not die of an unhandled rejection; waiting still throws.
  compressed.catch(() => undefined);
  return { compressed };
}

/** A complete data set in its staging folder, not yet published. */
export interface StagedDataset {
  target: string;
  folder: string;
  manifest: Manifest;
}

/** `cubes`: gzipCubes(parts). */
export function stageDataset(dir: string, parts: DatasetParts, cubes: GzippedCubes): StagedDataset {
  const target = resolve(dir);
  const registrations = pick(parts.registrations, REGISTRATION_COLUMNS, 'registrations');
  const deliveries = pick(parts.deliveries, DELIVERY_COLUMNS, 'deliveries');
  const outputs: Array<[keyof Manifest['files'], Uint8Array, number]> = [
    ['registrations', cubes.registrations, registrations.rows],
    ['deliveries', cubes.deliveries, deliveries.rows],
    ['regions', Buffer.from(JSON.stringify(parts.regions)), parts.regions.length],
    ['headquarters', Buffer.from(JSON.stringify(parts.headquarters)), parts.headquarters.length],
    ['events', Buffer.from(JSON.stringify(parts.events)), parts.events.length],
    ['shapes', Buffer.from(JSON.stringify(parts.shapes)), Object.keys(parts.shapes.objects ?? {}).length],
    ['registrationsDaily', cubes.registrationsDaily.bytes, cubes.registrationsDaily.rows]
  ];
  const paths: Record<string, string> = { ...DATASET_FILES };
  if (parts.cityTable) {
    outputs.push(['cities', parts.cityTable.bytes, parts.cityTable.rows]);
    paths.cities = CITY_TABLE_PATH;
  }
  const totals = Object.fromEntries(STAGES.map((s) => [s, sum(registrations.columns[s])])) as Record<Stage, number>;
  const files = {} as Manifest['files'];
  for (const [key, bytes, rows] of outputs) {
    files[key] = { path: paths[key], bytes: bytes.length, sha256: sha256(bytes), rows } satisfies FileEntry;
  }
  const manifest: Manifest = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    generatedAt: parts.generatedAt ?? new Date().toISOString(),
    campaign: parts.campaign,
    hours: hourRange(registrations.columns.hour, deliveries.columns.hour),
    dimensions: {
      region: parts.dimensions.region,
      source: parts.dimensions.source,
      distance: parts.dimensions.distance,
      channel: parts.dimensions.channel,
      gateway: parts.dimensions.gateway,
      status: parts.dimensions.status
    },
    stages: [...STAGES],
    files,
    counts: parts.counts ?? { read: totals.registered, accepted: totals.registered, rejected: 0 },
    totals: { registrations: totals, deliveries: sum(deliveries.columns.count) },
    cities: parts.cities ?? { distinctSpellings: 0, matched: 0, ambiguous: 0, unresolved: 0, rowsResolved: 0 }
  };

  const folder = stagingFolder(target);
  let writing = folder;
  try {
    for (const [key, bytes] of outputs) writeFileSync((writing = join(folder, paths[key])), bytes);
    writeFileSync((writing = join(folder, 'manifest.json')), JSON.stringify(manifest, null, 2) + '\n');
  } catch (e) {
    rmSync(folder, { recursive: true, force: true });
    // Node's own message for a full disk names no file: say which one, and that the publish did not change.
    throw fileWriteError(writing, e);
  }
  return { target, folder, manifest };
}

/** Stages and publishes in one go: for tests and benches that write synthetic data sets. */
export function writeDataset(dir: string, parts: DatasetParts): Manifest {
  const tables = hourlyTables(parts);
  const dailyTable = dailyRollup(tables[0], parts.campaign.timeZone);
  const [registrations, deliveries, daily] = [...tables, dailyTable].map((table, k) => gzipSync(encodeTable(table), k === 2 ? DAILY_CUBE_GZIP : CUBE_GZIP));
  const staged = stageDataset(dir, parts, { registrations, deliveries, registrationsDaily: { bytes: daily, rows: dailyTable.rows } });
  swapIntoPlace(staged.folder, staged.target, staged.manifest.generatedAt);
  return staged.manifest;
}
