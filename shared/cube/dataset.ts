/**
 * Reads a published data set through a byte reader, so the browser (fetch) and the report (fs) share one loader
 * and the same checks: manifest version, content hashes, and totals that reconcile with the cube. In two parts,
 * so the dashboard can paint from the first and load the second (deliveries, shapes) afterwards.
 */
import type { Topology } from 'topojson-specification';
import { decodeCubeFile, decodeTable, requireColumns, CubeFormatError } from './codec';
import { parseManifest } from './manifest';
import { sha256Hex } from './hash';
import {
  DELIVERY_COLUMNS,
  REGISTRATION_COLUMNS,
  STAGES,
  type ColumnTable,
  type EventRow,
  type FileEntry,
  type HeadquartersRow,
  type Manifest,
  type RegionRow
} from './format';

/** What the page needs for its first paint: the registrations and what explains them. */
export interface CoreData {
  manifest: Manifest;
  /** In hour order, whatever the file's. */
  registrations: ColumnTable;
  regions: RegionRow[];
  headquarters: HeadquartersRow[];
  events: EventRow[];
  /**
   * True when `registrations` is the daily roll-up (manifest `files.registrationsDaily`, shared/cube/day-rollup.ts):
   * each row at its local day's first hour, so the numbers are exact for whole days only. The dashboard paints from
   * it and swaps in the hourly cube (`loadHourly`) right after; absent for the hourly cube.
   */
  daily?: true;
}

/** What only the views below the fold use: loaded after the first paint in the dashboard. */
export interface RegionalData {
  deliveries: ColumnTable;
  shapes: Topology;
}

export type Dataset = CoreData & RegionalData;

/** Returns a file's bytes by its path relative to the data folder; throws when it cannot. */
export type ByteReader = (path: string) => Promise<Uint8Array>;

/**
 * The inflated content of a cube file the reader has already read (the browser inflates the cube while it
 * downloads), or null to inflate here. Asked only after the file's bytes passed their hash check, and the reader
 * must inflate those very bytes (the same response), so the check still covers what is decoded.
 */
export type InflatedReader = (path: string) => Promise<Uint8Array | null>;

/** A file's bytes, checked against its manifest entry's hash. */
export async function readChecked(read: ByteReader, entry: FileEntry): Promise<Uint8Array> {
  const bytes = await read(entry.path);
  const hash = await sha256Hex(bytes);
  if (hash !== entry.sha256) {
    throw new CubeFormatError(`${entry.path}: content hash does not match manifest.json (file changed or corrupt)`);
  }
  return bytes;
}

/** A JSON file of the data set, checked against its manifest entry. */
export async function readJson<T>(read: ByteReader, entry: FileEntry): Promise<T> {
  const text = new TextDecoder().decode(await readChecked(read, entry));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CubeFormatError(`${entry.path}: not valid JSON`);
  }
}

/**
 * A cube of the data set, decoded and checked against its manifest entry and the columns its readers need;
 * `inflated` may supply the file's content already inflated.
 */
export async function readCube(read: ByteReader, entry: FileEntry, columns: readonly string[], orderBy?: string, inflated?: InflatedReader): Promise<ColumnTable> {
  let table: ColumnTable;
  try {
    const bytes = await readChecked(read, entry);
    const raw = await inflated?.(entry.path);
    table = raw ? decodeTable(raw, orderBy) : await decodeCubeFile(bytes, orderBy);
  } catch (e) {
    if (e instanceof CubeFormatError && e.message.startsWith(entry.path)) throw e;
    throw new CubeFormatError(`${entry.path}: ${(e as Error).message}`);
  }
  requireColumns(table, columns, entry.path);
  if (table.rows !== entry.rows) throw new CubeFormatError(`${entry.path}: ${table.rows} rows, manifest says ${entry.rows}`);
  return table;
}

function sum(values: Int32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** manifest.json, checked for the format and version this reader understands. */
export async function readManifest(read: ByteReader): Promise<Manifest> {
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(new TextDecoder().decode(await read('manifest.json')));
  } catch (e) {
    throw new CubeFormatError(`manifest.json: ${(e as Error).message}`);
  }
  return parseManifest(manifestJson);
}

/**
 * A registrations cube (the hourly one or its daily roll-up) decoded in hour order, the order its readers scan it
 * in (see day-index.ts: cheaper decoded so than sorted after), and checked against the manifest's totals.
 */
async function readRegistrations(read: ByteReader, manifest: Manifest, entry: FileEntry, inflated?: InflatedReader): Promise<ColumnTable> {
  const registrations = await readCube(read, entry, REGISTRATION_COLUMNS, 'hour', inflated);
  for (const stage of STAGES) {
    const got = sum(registrations.columns[stage]);
    if (got !== manifest.totals.registrations[stage]) {
      throw new CubeFormatError(`${entry.path}: ${stage} sums to ${got}, manifest says ${manifest.totals.registrations[stage]}`);
    }
  }
  return registrations;
}

/** The manifest, the cube `entryOf` names, and the JSON files the first paint needs. */
async function loadWith(read: ByteReader, inflated: InflatedReader | undefined, entryOf: (m: Manifest) => FileEntry): Promise<CoreData & { entry: FileEntry }> {
  const manifest = await readManifest(read);
  const f = manifest.files;
  const entry = entryOf(manifest);
  const [registrations, regions, headquarters, events] = await Promise.all([
    readRegistrations(read, manifest, entry, inflated),
    readJson<RegionRow[]>(read, f.regions),
    readJson<HeadquartersRow[]>(read, f.headquarters),
    readJson<EventRow[]>(read, f.events)
  ]);
  return { manifest, registrations, regions, headquarters, events, entry };
}

/** manifest.json and the files the first paint needs with the hourly cube, checked against it; `inflated` as for `readCube`. */
export async function loadCore(read: ByteReader, inflated?: InflatedReader): Promise<CoreData> {
  const { entry: _, ...core } = await loadWith(read, inflated, (m) => m.files.registrations);
  return core;
}

/**
 * What the dashboard's first paint reads: as `loadCore`, but with the daily roll-up instead of the hourly cube when
 * the manifest lists one (a third of the rows on the demo; `daily` is then set). A data set written before the
 * roll-up existed loads as by `loadCore`.
 */
export async function loadFirst(read: ByteReader, inflated?: InflatedReader): Promise<CoreData> {
  const { entry, ...core } = await loadWith(read, inflated, (m) => m.files.registrationsDaily ?? m.files.registrations);
  return entry === core.manifest.files.registrations ? core : { ...core, daily: true };
}

/** The hourly cube of the data set `first` was loaded from (its manifest), in place of the daily roll-up. */
export async function loadHourly(read: ByteReader, first: CoreData): Promise<CoreData> {
  const { daily: _, ...rest } = first;
  return { ...rest, registrations: await readRegistrations(read, first.manifest, first.manifest.files.registrations) };
}

/** The files only the regional views use, checked against the manifest `loadCore` read. */
export async function loadRegional(read: ByteReader, manifest: Manifest): Promise<RegionalData> {
  const f = manifest.files;
  const [deliveries, shapes] = await Promise.all([readCube(read, f.deliveries, DELIVERY_COLUMNS), readJson<Topology>(read, f.shapes)]);
  return { deliveries, shapes };
}

export async function loadDataset(read: ByteReader): Promise<Dataset> {
  const core = await loadCore(read);
  return { ...core, ...(await loadRegional(read, core.manifest)) };
}
