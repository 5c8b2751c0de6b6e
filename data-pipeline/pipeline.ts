/**
 * The build pipeline: campaign.json → sources → validate → resolve → distance → DuckDB cubes → published set.
 * One streaming pass over the registrations; memory stays bounded by the dictionaries (regions, sources,
 * distinct city spellings, hashed ids), never by the number of rows. See data-pipeline/README.md.
 *
 * `runBuild` is what `tallyboard build` calls; tests call it directly and may inject the pack, shapes and resolver.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Topology } from 'topojson-specification';
import { loadPack, loadShapes, type Pack } from '../geo/pack.ts';
import {
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  DISTANCE_CLASSES,
  EVENT_KINDS,
  UNKNOWN_REGION,
  type EventKind,
  type EventRow,
  type HeadquartersRow,
  type Manifest,
  type RegionRow
} from '../shared/cube/format.ts';
import { missingReferenceFiles, type CampaignConfig } from './config/campaign.ts';
import { loadConfig, loadProfile } from './config/load-config.ts';
import { CubeAggregator, NO_HOUR, type SortOrder } from './cube/aggregate.ts';
import { writeDataset } from './export/write-dataset.ts';
import { fmtInt, fmtSec, Progress } from './progress.ts';
import { createCityResolver, type CityResolver } from './resolve/city-resolver.ts';
import { DistanceClassifier, SpellingCache, type Headquarters } from './resolve/distance.ts';
import { createRegionColumn } from './resolve/region-column.ts';
import { csvCell, csvObjects, FatalInputError } from './sources/csv.ts';
import { readDeliveriesInBackground } from './sources/deliveries.ts';
import { openSources } from './sources/open-sources.ts';
import type { RawRecord } from './sources/types.ts';
import { hourOfMs } from '../shared/time/hours.ts';
import { ZoneClock } from '../shared/time/zone-clock.ts';
import { parseIso } from './validate/time.ts';
import { RecordValidator, type Rejection } from './validate/validate.ts';

export interface BuildOptions {
  /** Path of campaign.json. */
  config: string;
  /** Published folder; default: the config's `output`, else ../static/data beside the config. */
  out?: string;
  /** Work folder (rejects, unresolved cities, DuckDB spill); default: the config's `work`, else .tallyboard beside it. */
  work?: string;
  /** Injected for tests; default loadPack / loadShapes / createCityResolver for the config's pack. */
  pack?: Pack;
  shapes?: Topology;
  resolver?: CityResolver;
  progress?: Progress;
  /** Registrations cube row order (default 'measures', the smallest gzip; see cube/aggregate.ts). */
  order?: SortOrder;
  /** DuckDB memory_limit (default 512MB). */
  memoryLimit?: string;
}

export interface BuildResult {
  manifest: Manifest;
  outDir: string;
  workDir: string;
  rejectsPath: string;
  unresolvedPath: string;
  deliveries: { read: number; accepted: number; rejected: number };
  /** Milliseconds per step. */
  timings: Record<string, number>;
}

/** rejects.csv, written through a 256 KB buffer: file,row,field,reason,raw. */
class RejectWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  count = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, 'file,row,field,reason,raw\n');
  }
  add(r: Rejection): void {
    const line = `${csvCell(r.origin)},${r.row},${csvCell(r.field)},${csvCell(r.reason)},${csvCell(r.raw)}\n`;
    this.buf.push(line);
    this.size += line.length;
    this.count++;
    if (this.size > 1 << 18) this.flush();
  }
  flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  private closed = false;
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }
}

const EMPTY_SHAPES: Topology = { type: 'Topology', objects: { regions: { type: 'GeometryCollection', geometries: [] } }, arcs: [] };

function num(value: string, file: string, row: number, field: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw new FatalInputError(`${file}: row ${row}: field "${field}": not a number: "${value}"`);
  return n;
}

async function readHeadquarters(path: string, label: string, zone: ZoneClock, pack: Pack, resolver: CityResolver) {
  const rows: HeadquartersRow[] = [];
  const hqs: Headquarters[] = [];
  const regionName = new Map(pack.regions.map((r) => [r.code, r.nameLocal]));
  for await (const { row, values: v } of csvObjects(path, ['id', 'name', 'city', 'lat', 'lon', 'opened'])) {
    const opened = parseIso(v.opened, zone);
    if (Number.isNaN(opened)) throw new FatalInputError(`${label}: row ${row}: field "opened": not a date: "${v.opened}"`);
    const closed = v.closed ? parseIso(v.closed, zone) : Infinity;
    if (Number.isNaN(closed)) throw new FatalInputError(`${label}: row ${row}: field "closed": not a date: "${v.closed}"`);
    const lat = num(v.lat, label, row, 'lat');
    const lon = num(v.lon, label, row, 'lon');
    const region = v.region_code ? regionName.get(v.region_code) : undefined;
    const r = resolver.resolve(region ? `${v.city}, ${region}` : v.city);
    rows.push({
      id: v.id,
      name: v.name,
      city: v.city,
      regionCode: v.region_code || (r.status === 'matched' ? (r.regionCode ?? '') : ''),
      lat,
      lon,
      opened: new Date(opened).toISOString(),
      closed: Number.isFinite(closed) ? new Date(closed).toISOString() : null
    });
    hqs.push({ lat, lon, openedMs: opened, closedMs: closed, geonameId: r.status === 'matched' ? r.geonameId : null });
  }
  return { rows, hqs };
}

async function readEvents(path: string, label: string, zone: ZoneClock): Promise<EventRow[]> {
  const events: EventRow[] = [];
  for await (const { row, values: v } of csvObjects(path, ['id', 'time', 'title', 'kind'])) {
    const t = parseIso(v.time, zone);
    if (Number.isNaN(t)) throw new FatalInputError(`${label}: row ${row}: field "time": not a timestamp: "${v.time}"`);
    const kind = (EVENT_KINDS as readonly string[]).includes(v.kind) ? (v.kind as EventKind) : 'other';
    events.push({ id: v.id, time: new Date(t).toISOString(), title: v.title, kind, regionCode: v.region_code || null, url: v.url || null });
  }
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** A string → index dictionary with a size bound (beyond it, values fold into "other"). */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(
    initial: readonly string[] = [],
    private readonly max = 1000
  ) {
    for (const v of initial) this.get(v);
  }
  get(v: string): number {
    let i = this.index.get(v);
    if (i === undefined) {
      if (this.values.length >= this.max) return this.get('other');
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? new Progress();
  const timings: Record<string, number> = {};

  // 1. Config.
  let step = progress.step('load config');
  const { config, dir: configDir } = loadConfig(options.config);
  const outDir = resolve(options.out ?? resolve(configDir, config.output ?? '../static/data'));
  const workDir = resolve(options.work ?? resolve(configDir, config.work ?? '.tallyboard'));
  mkdirSync(workDir, { recursive: true });
  const pack = options.pack ?? loadPack(config.pack);
  let shapes = options.shapes;
  if (!shapes) {
    try {
      shapes = loadShapes(config.pack);
    } catch {
      progress.info(`warning: geo/${config.pack}/shapes.topo.json is missing; shapes.json will be empty (run npm run geo:build)`);
      shapes = EMPTY_SHAPES;
    }
  }
  const resolver = options.resolver ?? createCityResolver(pack);
  const sources = openSources(config, configDir);
  // Profiles are validated up front (a bad profile file is a config error, not a row error).
  const timeFormats = config.sources.map((s, i) => (s.kind === 'csv' ? loadProfile(s.profile, configDir, `/sources/${i}/profile`)?.timeFormat : undefined));
  timings.config = step.done(`${config.name}: pack ${config.pack}, ${config.sources.length} source(s), ${pack.regions.length} regions, ${pack.cities.length} cities`);

  const zone = new ZoneClock(config.timeZone);
  /** Paths in messages and rejects.csv: as written in the config (relative to it), like the sources' origins. */
  const rel = (p: string): string => p;

  // 2. Reference files.
  step = progress.step('reference files');
  // Optional files: a campaign starting out may have none yet; the dashboard and the report say what is missing.
  const hq = config.headquarters ? await readHeadquarters(resolve(configDir, config.headquarters), rel(config.headquarters), zone, pack, resolver) : { rows: [], hqs: [] };
  const events = config.events ? await readEvents(resolve(configDir, config.events), rel(config.events), zone) : [];
  const absent = missingReferenceFiles(config);
  timings.reference = step.done(`${hq.rows.length} headquarters, ${events.length} events${absent.length ? ` (not configured: ${absent.join(', ')})` : ''}`);

  // 3. Registrations: read + validate + resolve + classify, summed into the cube's cells as they stream (cube/aggregate.ts).
  const regionCodes = [...pack.regions.map((r) => r.code), UNKNOWN_REGION];
  const regionIndex = new Map(regionCodes.map((c, i) => [c, i]));
  const unknownRegion = regionCodes.length - 1;
  const cityRegion = Int32Array.from(pack.cities, (c) => regionIndex.get(c.regionCode) ?? unknownRegion);
  const sourceDict = new Dictionary(config.sources.map((s) => s.name), 256);
  const spellings = new SpellingCache(resolver, pack.cities);
  const regionColumn = createRegionColumn(pack.regions, regionCodes, unknownRegion);
  const distance = new DistanceClassifier(pack.cities, hq.hqs, config.nearKm);
  const validator = new RecordValidator({ timeZone: config.timeZone });
  const rejects = new RejectWriter(resolve(workDir, 'rejects.csv'));
  const cube = await CubeAggregator.open({ workDir, order: options.order, memoryLimit: options.memoryLimit });
  let read = 0;
  let accepted = 0;
  const deliveryCounts = { read: 0, accepted: 0, rejected: 0 };
  // Deliveries are read on a worker thread while the registrations stream on this one; batches are summed
  // into the deliveries cube's cells here as they arrive.
  const channelDict = new Dictionary(DELIVERY_CHANNELS);
  const statusDict = new Dictionary(DELIVERY_STATUSES);
  const gatewayValues: string[] = [];
  const deliveriesStarted = performance.now();
  let deliveriesEnded = 0;
  const background = config.deliveries
    ? readDeliveriesInBackground({ path: resolve(configDir, config.deliveries), label: rel(config.deliveries), timeZone: config.timeZone }, (b) => {
        deliveryCounts.read += b.read;
        deliveryCounts.accepted += b.read - b.rejects.length;
        deliveryCounts.rejected += b.rejects.length;
        for (const r of b.rejects) rejects.add(r);
        gatewayValues.push(...b.newGateways);
        for (let i = 0; i < b.n; i++) cube.addDelivery(b.hour[i], b.channel[i], b.gateway[i], b.status[i], b.count[i]);
      })
    : null;
  let backgroundError: Error | null = null;
  void background?.done.then((e) => {
    deliveriesEnded = performance.now();
    backgroundError = e;
  });
  let registrationRejects = 0;
  try {
    step = progress.step('read+validate');
    let lastSource = '';
    let lastSourceIndex = -1;
    const handle = (rec: RawRecord, timeFormat: string | undefined): void => {
      read++;
      const rejection = validator.check(rec, timeFormat);
      if (rejection) {
        registrationRejects++;
        rejects.add(rejection);
      } else {
        const a = validator.accepted;
        const cityIndex = spellings.lookup(a.spelling);
        const region = cityIndex >= 0 ? cityRegion[cityIndex] : regionColumn.lookup(a.region);
        const dist = distance.classify(cityIndex, a.createdMs);
        // Sources come in long runs: skip the dictionary lookup while the value repeats.
        if (lastSourceIndex < 0 || a.source !== lastSource) {
          lastSource = a.source;
          lastSourceIndex = sourceDict.get(a.source);
        }
        cube.addRegistration(
          hourOfMs(a.createdMs),
          region,
          lastSourceIndex,
          dist,
          a.phoneMs === a.phoneMs ? hourOfMs(a.phoneMs) : NO_HOUR,
          a.emailMs === a.emailMs ? hourOfMs(a.emailMs) : NO_HOUR,
          a.questionnaireMs === a.questionnaireMs ? hourOfMs(a.questionnaireMs) : NO_HOUR
        );
        accepted++;
      }
    };
    for (let s = 0; s < sources.length; s++) {
      const timeFormat = timeFormats[s];
      const src = sources[s];
      if (src.batches) {
        for await (const batch of src.batches()) {
          for (let k = 0; k < batch.length; k++) handle(batch[k], timeFormat);
          step.tick(read);
          if (backgroundError) throw backgroundError; // e.g. the delivery log lacks a column: stop early
        }
      } else {
        for await (const rec of src.records()) {
          handle(rec, timeFormat);
          if ((read & 1023) === 0) step.tick(read);
        }
      }
    }
    const rejected = registrationRejects;
    timings.read = step.done(
      `read ${fmtInt(read)} = accepted ${fmtInt(accepted)} + rejected ${fmtInt(rejected)} (${config.sources.length} source(s); duplicate-id sets ${fmtInt(validator.idBytes / 1048576)} MB)`,
      read
    );
    validator.releaseIds();
    const rowsWithCity = accepted - spellings.rowsEmpty;
    progress
      .step('resolve cities')
      .done(
        `${fmtInt(spellings.distinct)} distinct spellings: ${fmtInt(spellings.matched)} matched, ${fmtInt(spellings.ambiguous)} ambiguous, ${fmtInt(spellings.unresolved)} unresolved; ` +
          `rows matched ${fmtInt(spellings.rowsResolved)}/${fmtInt(rowsWithCity)} (${rowsWithCity ? ((100 * spellings.rowsResolved) / rowsWithCity).toFixed(1) : '0.0'}%), ${fmtInt(spellings.rowsEmpty)} empty; ` +
          `${fmtInt(spellings.resolverCalls)} resolver calls (case/space variants share one), during read+validate`,
        spellings.resolverCalls,
        'spellings',
        spellings.resolveMs
      );
    timings.resolve = spellings.resolveMs;
    const dc = distance.counts;
    progress
      .step('classify distance')
      .done(DISTANCE_CLASSES.map((c, i) => `${c} ${fmtInt(dc[i])}`).join(', ') + ` (near ≤ ${config.nearKm} km; ${fmtInt(distance.citiesPrepared)} cities' HQ lists), during read+validate`);

    if (background) {
      step = progress.step('deliveries');
      const error = await background.done;
      if (error) throw error;
      const ms = (deliveriesEnded || performance.now()) - deliveriesStarted;
      timings.deliveries = step.done(
        `${fmtInt(deliveryCounts.read)} messages: ${fmtInt(deliveryCounts.accepted)} accepted, ${fmtInt(deliveryCounts.rejected)} rejected ` +
          `(worker thread, ${fmtSec(ms)} in parallel, ${fmtInt((deliveryCounts.read * 1000) / Math.max(1, ms))} messages/s; waited)`
      );
    }
    rejects.close();

    // 4. Aggregate.
    step = progress.step('aggregate');
    const tables = await cube.finish();
    timings.aggregate = step.done(`registrations cube ${fmtInt(tables.registrations.rows)} rows, deliveries cube ${fmtInt(tables.deliveries.rows)} rows (DuckDB)`);

    // 5. Export.
    step = progress.step('export');
    const caps = config.regionCaps ?? {};
    const regions: RegionRow[] = pack.regions.map((r) => ({
      code: r.code,
      name: r.name,
      nameLocal: r.nameLocal,
      timezone: r.timezone,
      population: r.population,
      cap: caps[r.code] ?? config.regionCap
    }));
    const manifest = writeDataset(outDir, {
      campaign: campaignInfo(config, pack),
      registrations: tables.registrations,
      deliveries: tables.deliveries,
      dimensions: {
        region: regionCodes,
        source: sourceDict.values,
        distance: [...DISTANCE_CLASSES],
        channel: channelDict.values,
        gateway: gatewayValues,
        status: statusDict.values
      },
      regions,
      headquarters: hq.rows,
      events,
      shapes,
      counts: { read, accepted, rejected },
      cities: {
        distinctSpellings: spellings.distinct,
        matched: spellings.matched,
        ambiguous: spellings.ambiguous,
        unresolved: spellings.unresolved,
        rowsResolved: spellings.rowsResolved
      }
    });
    const unresolvedPath = resolve(workDir, 'unresolved-cities.csv');
    writeUnresolved(unresolvedPath, spellings);
    const f = manifest.files;
    timings.export = step.done(
      `${relative(process.cwd(), outDir) || '.'}: registrations.tbc ${fmtInt(f.registrations.bytes)} B, deliveries.tbc ${fmtInt(f.deliveries.bytes)} B, manifest + 4 JSON files`
    );
    progress.info(`rejects: ${relative(process.cwd(), resolve(workDir, 'rejects.csv'))} (${fmtInt(rejects.count)} rows); unresolved cities: ${relative(process.cwd(), unresolvedPath)}`);
    progress.info(`total ${fmtSec(progress.elapsedMs)}`);
    return { manifest, outDir, workDir, rejectsPath: resolve(workDir, 'rejects.csv'), unresolvedPath, deliveries: deliveryCounts, timings };
  } finally {
    background?.stop();
    rejects.close();
    cube.close();
  }
}

function writeUnresolved(path: string, spellings: SpellingCache): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'spelling,count,status,candidates\n');
    let buf = '';
    for (const p of spellings.problems()) {
      buf += `${csvCell(p.spelling)},${p.count},${p.status},${csvCell(p.candidates)}\n`;
      if (buf.length > 1 << 18) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

/** The projection travels with the data, so the map draws any pack without knowing packs. */
function campaignInfo(config: CampaignConfig, pack: Pack): Manifest['campaign'] {
  return {
    name: config.name,
    pack: config.pack,
    timeZone: config.timeZone,
    window: config.window,
    target: config.target,
    totalCap: config.totalCap,
    regionCap: config.regionCap,
    nearKm: config.nearKm,
    dashboardUrl: config.report?.dashboardUrl ?? null,
    projection: pack.projection
  };
}
