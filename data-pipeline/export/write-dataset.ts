/**
 * Writes a published data set: the two cubes (gzip of the shared codec's bytes), the small JSON tables and
 * manifest.json with each file's size, row count and SHA-256, plus the totals a reader reconciles against.
 *
 * `writeDataset(dir, parts)` computes everything derivable (totals, first/last hour, hashes) from `parts`,
 * so the pipeline and the tests' synthetic data sets cannot disagree on it. The set is written to a sibling
 * temporary folder and swapped in with renames: a reader sees the old set or the new one, never half of one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Topology } from 'topojson-specification';
import { encodeTable } from '../../src/lib/cube/codec.ts';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  STAGES,
  type CampaignInfo,
  type ColumnTable,
  type EventRow,
  type FileEntry,
  type HeadquartersRow,
  type Manifest,
  type RegionRow,
  type Stage
} from '../../src/lib/cube/format.ts';

export interface DatasetParts {
  campaign: CampaignInfo;
  dimensions: Manifest['dimensions'];
  counts: Manifest['counts'];
  cities: Manifest['cities'];
  registrations: ColumnTable;
  deliveries: ColumnTable;
  regions: RegionRow[];
  headquarters: HeadquartersRow[];
  events: EventRow[];
  shapes: Topology;
  /** Defaults to now; tests pass a fixed time for reproducible bytes. */
  generatedAt?: string;
}

function sumColumn(values: Int32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function hourRange(tables: ColumnTable[]): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const t of tables) {
    const hours = t.columns.hour;
    for (let i = 0; i < hours.length; i++) {
      if (hours[i] < first) first = hours[i];
      if (hours[i] > last) last = hours[i];
    }
  }
  return Number.isFinite(first) ? { first, last } : { first: 0, last: 0 };
}

function writeFile(dir: string, path: string, bytes: Uint8Array, rows: number): FileEntry {
  writeFileSync(join(dir, path), bytes);
  return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), rows };
}

const jsonBytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const cubeBytes = (table: ColumnTable): Uint8Array => new Uint8Array(gzipSync(encodeTable(table), { level: 9 }));

/** Writes the set into `dir` atomically and returns the manifest written. */
export function writeDataset(dir: string, parts: DatasetParts): Manifest {
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const files: Manifest['files'] = {
      registrations: writeFile(tmp, 'registrations.tbc', cubeBytes(parts.registrations), parts.registrations.rows),
      deliveries: writeFile(tmp, 'deliveries.tbc', cubeBytes(parts.deliveries), parts.deliveries.rows),
      regions: writeFile(tmp, 'regions.json', jsonBytes(parts.regions), parts.regions.length),
      headquarters: writeFile(tmp, 'headquarters.json', jsonBytes(parts.headquarters), parts.headquarters.length),
      events: writeFile(tmp, 'events.json', jsonBytes(parts.events), parts.events.length),
      shapes: writeFile(tmp, 'shapes.json', jsonBytes(parts.shapes), Object.keys(parts.shapes.objects).length)
    };
    const registrationTotals = Object.fromEntries(
      STAGES.map((s) => [s, sumColumn(parts.registrations.columns[s])])
    ) as Record<Stage, number>;
    const manifest: Manifest = {
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      generatedAt: parts.generatedAt ?? new Date().toISOString(),
      campaign: parts.campaign,
      hours: hourRange([parts.registrations, parts.deliveries]),
      dimensions: parts.dimensions,
      stages: [...STAGES],
      files,
      counts: parts.counts,
      totals: { registrations: registrationTotals, deliveries: sumColumn(parts.deliveries.columns.count) },
      cities: parts.cities
    };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    swapIn(tmp, dir);
    return manifest;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Renames the new set over the old one; the old one is removed only once the new one is in place. */
function swapIn(tmp: string, dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  const old = `${tmp}.old`;
  if (existsSync(dir)) renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    if (existsSync(old)) renameSync(old, dir);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
