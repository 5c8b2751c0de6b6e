/**
 * The build pipeline: campaign.json → sources → validate → resolve → distance → DuckDB cubes → published set.
 * One streaming pass over the registrations; memory stays bounded by the dictionaries (regions, sources,
 * distinct city spellings, hashed ids), never by the number of rows. See data-pipeline/README.md.
 *
 * `runBuild` is what `tallyboard build` calls; tests call it directly and may inject the pack, shapes and resolver.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Topology } from 'topojson-specification';
import { loadPack, loadShapes, type Pack } from '../geo/pack.ts';
import { DISTANCE_CODES } from '../shared/cube/distance-codes.ts';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, DISTANCE_CLASSES, type Manifest } from '../shared/cube/format.ts';
import { networkAsOfMs } from '../shared/metrics/network-as-of.ts';
import { eventSources, missingReferenceFiles, type CampaignConfig, type SourceConfig, type SourceProfile } from './config/campaign.ts';
import { loadConfig, loadProfile } from './config/load-config.ts';
import { CubeAggregator, type SortOrder } from './cube/aggregate.ts';
import { readDeliveriesInBackground, type DeliveryJob } from './cube/deliveries.ts';
import { sumDeliveriesBeside, type DeliveriesBeside } from './cube/deliveries-beside.ts';
import type { DeliveryTotals } from './cube/deliveries-duckdb.ts';
import { CheckedAhead } from './cube/checked-ahead.ts';
import { CityDays } from './cube/city-days.ts';
import { Dictionary } from './cube/dictionary.ts';
import { regionDimension, sumRegistrations, type RegistrationCounts, type RegistrationStages } from './cube/registrations.ts';
import { defaultMemoryLimit, largestFileBytes, openReadDb, type ReadDb } from './cube/read-db.ts';
import { sumCsvInDuckDb } from './cube/registrations-duckdb.ts';
import { GroupSummer } from './cube/sum-groups.ts';
import { campaignInfo } from './export/campaign-info.ts';
import { cityTableBytes } from './export/city-table.ts';
import { regionRows } from './export/regions.ts';
import { PublishGateError, previousManifest } from './export/previous-manifest.ts';
import { publishGateProblems } from './export/publish-gates.ts';
import { publicProfile, stagePublicProfile } from './export/public-profile.ts';
import { recoverInterruptedPublish, swapIntoPlace } from './export/publish-swap.ts';
import { checkPublishTarget } from './export/publish-target.ts';
import { gzipCubes, stageDataset, type StagedDataset } from './export/write-dataset.ts';
import type { BuildResources } from './build-resources.ts';
import { acquireRunLock } from './run-lock.ts';
import { BuildState } from './state/build-state.ts';
import { KeptSums } from './state/kept-sums.ts';
import { DeliveryCells, type KeptDeliveries } from './state/kept-deliveries.ts';
import { hashSourcesAhead, readCsvRowsWithState, readCsvWithState, readRowsWithState, type StateContext } from './state/read-source.ts';
import { HashAhead } from './state/hash-ahead.ts';
import { sumStateSources, type StateSource } from './state/sum-facts.ts';
import { stateFingerprint } from './state/state-fingerprint.ts';
import { STATE_KEY_ENV, stateKeyFromEnv } from './state/state-key.ts';
import type { CityResolver } from './resolve/city-resolver.ts';
import { withResolutionCache, type CachedResolver } from './resolve/resolution-cache.ts';
import { createCachedCityResolver } from './resolve/resolver-image.ts';
import { createEventLocator } from './resolve/event-region.ts';
import { DistanceClassifier, SpellingCache } from './resolve/distance.ts';
import { readHeadquarters } from './resolve/headquarters.ts';
import { writeUnresolvedCities } from './resolve/unresolved-file.ts';
import { sniffCsvFile } from './sources/csv/sniff-file.ts';
import { openSources } from './sources/open-sources.ts';
import type { RegistrationSource } from './sources/types.ts';
import { fmtInt, fmtSec, Progress } from './step-log.ts';
import { readEvents } from './resolve/campaign-events.ts';
import { RejectsFile } from './validate/rejects-file.ts';
import { ZoneClock } from '../shared/time/zone-clock.ts';
import { campaignTimeRange, type TimeRange } from './validate/time-range.ts';
import { RecordValidator } from './validate/validate.ts';

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
  /** DuckDB memory_limit (default: cube/read-db.ts defaultMemoryLimit). */
  memoryLimit?: string;
  /** Publish even when a sanity gate (export/publish-gates.ts) holds the build back. */
  force?: boolean;
  /**
   * Who reads CSV registrations: 'duckdb' (default: DuckDB's reader and SQL checks, cube/registrations-duckdb.ts)
   * or 'typescript' (the row-by-row reader). Both publish the same bytes; the second names each malformed row of a
   * file DuckDB's strict reader refuses, and is used for such a file anyway.
   */
  reader?: 'duckdb' | 'typescript';
  /** Read every source in full and rebuild the state (README "Incremental builds"), even when it could be kept. */
  full?: boolean;
  /** Where the state key and the variables the config names are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** What a long-lived process keeps between its builds (build-resources.ts); each build loads its own without. */
  resources?: BuildResources;
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

/** The source dimension's size bound (cube/aggregate.ts packs a source index in 16 bits). */
const SOURCE_VALUES_MAX = 256;

const EMPTY_SHAPES: Topology = { type: 'Topology', objects: { regions: { type: 'GeometryCollection', geometries: [] } }, arcs: [] };

export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? new Progress();
  const timings: Record<string, number> = {};

  // 1. Config.
  const step = progress.step('load config');
  const ahead = new HashAhead();
  let setup: BuildSetup | null = null;
  try {
    setup = setUp(options, progress, ahead);
    const { config, outDir, pack } = setup;
    // Two builds into one folder would race on the swap: the second is refused, naming the first.
    const lock = acquireRunLock(`${outDir}.lock`, `build into ${outDir}`);
    try {
      for (const line of recoverInterruptedPublish(outDir)) progress.info(line);
      timings.config = step.done(`${config.name}: pack ${config.pack}, ${config.sources.length} source(s), ${pack.regions.length} regions, ${pack.cities.length} cities`);
      return await buildUnderLock(options, setup, progress, timings);
    } finally {
      lock.release();
    }
  } finally {
    await ahead.close();
  }
}

/** The build's steps from the reference files on, while it holds the output folder's lock. */
async function buildUnderLock(options: BuildOptions, setup: BuildSetup, progress: Progress, timings: Record<string, number>): Promise<BuildResult> {
  const { config, configDir, outDir, workDir, pack, resolver } = setup;
  const zone = new ZoneClock(config.timeZone);
  let step: ReturnType<Progress['step']>;

  const range = campaignTimeRange(config.window, config.validTimes, Date.now());
  const reader = options.reader ?? 'duckdb';
  const { env } = setup;
  const key = stateKeyFromEnv(env);
  const duckDbReads = reader === 'duckdb' && (!!config.deliveries || config.sources.some((s) => s.kind === 'csv'));
  const job = config.deliveries ? { path: resolve(configDir, config.deliveries), label: config.deliveries, timeZone: config.timeZone, range } : null;
  // The state lives in DuckDB too: with a key, DuckDB is opened whichever reader reads the CSV files. Opened on
  // libuv's threads while this one reads the reference files, so that the scan starts sooner.
  const duckDbFiles = [...config.sources.flatMap((s) => (s.kind === 'csv' ? [resolve(configDir, s.path)] : [])), ...(job ? [job.path] : [])];
  const opening = duckDbReads || key ? openReadDb(workDir, options.memoryLimit ?? defaultMemoryLimit(largestFileBytes(duckDbFiles))) : null;
  // Awaited after the reference files; failing meanwhile must not count as unhandled.
  opening?.catch(() => undefined);

  // 2. Reference files. Paths in messages and rejects.csv are as written in the config, like the sources' origins.
  step = progress.step('reference files');
  let hq: Awaited<ReturnType<typeof readHeadquarters>>;
  let events: Awaited<ReturnType<typeof readEvents>>['events'];
  try {
    // Optional files: a campaign starting out may have none yet; the dashboard and the report say what is missing.
    hq = config.headquarters ? await readHeadquarters(resolve(configDir, config.headquarters), config.headquarters, zone, pack, resolver) : { rows: [], hqs: [] };
    const read = await readEvents(config, (p) => resolve(configDir, p), zone, createEventLocator(pack, setup.shapes, resolver));
    events = read.events;
    const absent = missingReferenceFiles(config);
    timings.reference = step.done(`${hq.rows.length} headquarters, ${read.summary}${absent.length ? ` (not configured: ${absent.join(', ')})` : ''}`);
  } catch (e) {
    (await opening?.catch(() => null))?.close();
    throw e;
  }
  const db = await opening;

  // 3. Registrations: read + validate + resolve + classify, summed into the cube's cells: CSV files by DuckDB
  // (cube/registrations-duckdb.ts), other sources row by row (cube/registrations.ts). The delivery log is read
  // while the registrations are: by DuckDB on a second connection, or with the TypeScript reader on a worker thread.
  const regions = regionDimension(pack);
  const sourceDict = new Dictionary(config.sources.map((s) => s.name), SOURCE_VALUES_MAX);
  const spellings = new SpellingCache(resolver, pack.cities);
  const campaign = campaignInfo(config, pack);
  const asOfMs = networkAsOfMs(campaign, Date.now());
  const distance = new DistanceClassifier(pack.cities, hq.hqs, config.nearKm, asOfMs);
  const validator = new RecordValidator({ timeZone: config.timeZone, range });
  const cityDays = new CityDays(config.timeZone);
  const rejectsPath = resolve(workDir, 'rejects.csv');
  const rejects = new RejectsFile(rejectsPath);
  const cube = new CubeAggregator({ order: options.order });
  let state: BuildState | null = null;
  let deliveries: ReturnType<typeof startDeliveries> | null = null;
  let beside: DeliveriesBeside | null = null;
  let staged: StagedDataset | null = null;
  let stagedPublic: string | null = null;
  let unresolved: ReturnType<typeof writeUnresolvedCities> | null = null;
  let published = false;
  const { ahead } = setup;
  try {
    step = progress.step('state');
    if (key && db) state = await BuildState.open(db.conn, workDir, stateFingerprint(options.config, config, configDir, key.check), !!options.full);
    timings.state = step.done(
      !state
        ? `none kept (${STATE_KEY_ENV} is not set): every source read in full`
        : state.kept
          ? `${relative(process.cwd(), state.dir)}: sources read from where the last build stopped`
          : `${relative(process.cwd(), state.dir)}: every source read in full (${state.why})`
    );
    // A build that asks for most of the resolver's saved answers parses them while DuckDB scans its first CSV file
    // (0.2–0.3 s of the 1M demo's, 0.7–0.8 s of the 10M demo's): before, in `load config`, the other core idled.
    const { resolutions } = setup;
    const whileScanning = resolutions && !setup.fewAnswers ? () => resolutions.parseAll() : undefined;
    const stages: RegistrationStages = { validator, spellings, distance, regions, sourceDict, cube, rejects, cityDays, whileScanning };
    const hashes = options.resources?.fileHashes;
    // A long-lived process keeps what it summed (state/kept-sums.ts): the next build may add only the difference.
    const networkPeriod = distance.periodOf(asOfMs);
    const keepsSums = !!(state && options.resources);
    // The last build's sums: this process's own, else those the state keeps (a `build` process, a restarted `watch`).
    const inMemory = options.resources?.keptSums(workDir) ?? null;
    const ownUsable = !!inMemory && inMemory.stateId === state?.previousId && !inMemory.used;
    const kept = !state?.kept ? null : ownUsable ? inMemory : (KeptSums.load(state.sumsFile.previous) ?? inMemory);
    const stateCtx = state && db ? { state, rejects, key: key!, conn: db.conn, tempDir: db.dir, env, range, stages, hashes, ahead, diff: kept !== null } : null;
    const deliveriesCells = state ? new DeliveryCells(cube) : null;
    // With a state, the log's bytes (hashed as a CSV source's are) tell whether its cube can be kept.
    const logHash = job && state ? (await ahead.growth(job.path, null, hashes)).sha256 : '';
    const keptLog = state?.watermark<KeptDeliveries>('deliveries');
    const logKept = keptLog?.sha256 === logHash;
    // DuckDB sums the log beside the registrations, from when their first rows are counted: by then DuckDB has
    // scanned a CSV source, and its threads would idle while JavaScript resolves and places the rows. Started at
    // once, the log slowed the scan, which keeps both cores busy on the 10M demo: 10M builds 41.1, 41.6 s against
    // 40.5, 38.3 s started after the scan (alternated, load 2.1–3.0); the 1M demo about even.
    beside = job && duckDbReads && db && !logKept ? sumDeliveriesBeside(db, job) : null;

    step = progress.step('read+validate');
    const readStep = step;
    const counts = await readRegistrations(setup, duckDbReads ? db : null, stateCtx, stages, range, progress, (read) => {
      beside?.start();
      readStep.tick(read);
    }, kept, networkPeriod);
    const sumsToKeep = state ? KeptSums.of(state.id, networkPeriod, counts.acceptedPerSource, stages, keepsSums) : null;
    // A process that keeps its sums in memory (`watch`) writes none: 0.3–0.8 s of every build on the 1M demo for
    // the build after a restart. Written while the deliveries are read, before the cube is sorted (in place).
    const sumsWritten = state && !keepsSums ? sumsToKeep!.save(state.sumsFile.next) : null;
    // Awaited before the sort; a build that fails before then drops the state's copy, and the file with it.
    sumsWritten?.catch(() => undefined);
    const { read, accepted, rejected } = counts;
    timings.read = step.done(
      `read ${fmtInt(read)} = accepted ${fmtInt(accepted)} + rejected ${fmtInt(rejected)} (${config.sources.length} source(s); duplicate-id sets ${fmtInt(validator.idBytes / 1048576)} MB)`,
      read
    );
    validator.releaseIds();
    timings.resolve = reportResolution(progress, spellings, accepted, setup.resolutions);
    const dc = distance.counts;
    progress
      .step('classify distance')
      .done(DISTANCE_CLASSES.map((c, i) => `${c} ${fmtInt(dc[i])}`).join(', ') + ` (near ≤ ${config.nearKm} km; ${fmtInt(distance.citiesPrepared)} cities' HQ distances), during read+validate; ${fmtInt(distance.changedSince)} in another class by the network of ${new Date(asOfMs).toISOString()}`);

    let deliveryTotals: DeliveryTotals | null = null;
    if (job) {
      step = progress.step('deliveries');
      let how = '';
      if (state) rejects.beginPart(state.rejectsPart('deliveries'), logKept ? 'all' : 'none');
      if (state && keptLog && logKept) {
        const [hour, channel, gateway, status, n] = await state.deliveryCells();
        for (let c = 0; c < n.length; c++) cube.addDelivery(hour[c], channel[c], gateway[c], status[c], n[c]);
        deliveryTotals = { counts: keptLog.counts, gatewayValues: keptLog.gateways };
        how = 'unchanged since the last build: its cube kept';
      } else if (!duckDbReads) {
        // After the registrations, as DuckDB's log comes: read beside them, its rejects fell among theirs as the
        // threads' timing had it, and rejects.csv changed from one build of the same files to the next.
        deliveries = startDeliveries(job, deliveriesCells ?? cube, rejects);
      } else if (beside) {
        const { result, ms } = await beside.handOver(deliveriesCells ?? cube, rejects);
        if ('refused' in result) {
          progress.info(`${job.label}: DuckDB's CSV reader refused the file (${result.refused}); read row by row instead`);
          deliveries = startDeliveries(job, deliveriesCells ?? cube, rejects);
        } else {
          deliveryTotals = result;
          how = `DuckDB, ${result.slowRows ? `${fmtInt(result.slowRows)} row(s) checked one by one` : 'in one pass'}, ${fmtSec(ms)} beside the registrations`;
        }
      }
      if (deliveries) {
        const ms = await deliveries.finished();
        deliveryTotals = { counts: deliveries.counts, gatewayValues: deliveries.gatewayValues };
        how = `worker thread, ${fmtSec(ms)}`;
      }
      if (state && deliveriesCells && !logKept) {
        await state.keepDeliveries(deliveriesCells.cells, { sha256: logHash, counts: deliveryTotals!.counts, gateways: deliveryTotals!.gatewayValues } satisfies KeptDeliveries);
      }
      const d = deliveryTotals!.counts;
      timings.deliveries = step.done(`${fmtInt(d.read)} messages: ${fmtInt(d.accepted)} accepted, ${fmtInt(d.rejected)} rejected (${how})`);
    }
    rejects.close();
    // The state's copy has its last change: written to its file meanwhile.
    if (state && db) state.checkpointAhead(() => db.connect());

    // 4. Aggregate.
    step = progress.step('aggregate');
    await sumsWritten;
    const tables = await cube.finish();
    timings.aggregate = step.done(`registrations cube ${fmtInt(tables.registrations.rows)} rows, deliveries cube ${fmtInt(tables.deliveries.rows)} rows (sorted in typed arrays)`);

    // 5. Export.
    step = progress.step('export');
    const cubes = (await gzipCubes({ ...tables, campaign })).compressed; // compressing on libuv's threads while the rest is prepared
    const regionTable = regionRows(config, pack, (code) => spellings.unresolvedIn(regions.codes.indexOf(code)));
    const cityTable = cityTableBytes(cityDays, pack.cities, spellings.spellingsPerCity());
    // Done while the pool still compresses the cubes, which this thread then waited for (0.14–0.19 s of the 1M
    // demo's build; since, with these 0.05–0.08 s of work in it and the roll-up gzipped at level 5 in one job,
    // 30–45 ms): the unresolved spellings' file, and DuckDB closed when no state needs it any more.
    const unresolvedPath = resolve(workDir, 'unresolved-cities.csv');
    unresolved = writeUnresolvedCities(unresolvedPath, spellings);
    if (!state) db?.close();
    staged = stageDataset(outDir, {
      campaign: { ...campaign, networkAsOf: new Date(asOfMs).toISOString() },
      registrations: tables.registrations,
      deliveries: tables.deliveries,
      dimensions: {
        region: regions.codes,
        source: sourceDict.values,
        distance: [...DISTANCE_CODES],
        channel: [...DELIVERY_CHANNELS],
        gateway: deliveryTotals?.gatewayValues ?? [],
        status: [...DELIVERY_STATUSES]
      },
      regions: regionTable,
      headquarters: hq.rows,
      events,
      shapes: setup.shapes,
      counts: { read, accepted, rejected },
      cityTable,
      cities: {
        distinctSpellings: spellings.distinct,
        matched: spellings.matched,
        ambiguous: spellings.ambiguous,
        unresolved: spellings.unresolved,
        rowsResolved: spellings.rowsResolved
      }
    }, await cubes);
    const { manifest } = staged;
    const problems = publishGateProblems(manifest, previousManifest(outDir), config.publishLimits);
    if (problems.length > 0 && !options.force) throw new PublishGateError(outDir, problems);
    for (const p of problems) progress.info(`warning (published anyway, --force): ${p}`);

    const { publicDir } = setup;
    if (publicDir) {
      const profile = publicProfile(tables.registrations, regions.codes, regionTable, config, manifest.generatedAt);
      stagedPublic = stagePublicProfile(publicDir, profile);
    }

    // 6. Publish, the last step: the private files first, complete, then the data set in one swap, then the public profile.
    rejects.commit();
    unresolved.commit();
    setup.resolutions?.save(counts.keptSums);
    swapIntoPlace(staged.folder, staged.target, manifest.generatedAt);
    published = true;
    await state?.commit();
    if (keepsSums) options.resources!.keepSums(workDir, sumsToKeep!);
    if (publicDir && stagedPublic) swapIntoPlace(stagedPublic, publicDir, manifest.generatedAt);
    const f = manifest.files;
    timings.export = step.done(
      `${relative(process.cwd(), outDir) || '.'}: registrations.tbc ${fmtInt(f.registrations.bytes)} B, deliveries.tbc ${fmtInt(f.deliveries.bytes)} B, manifest + 4 JSON files`
    );
    progress.info(`rejects: ${relative(process.cwd(), rejectsPath)} (${fmtInt(rejects.count)} rows); unresolved cities: ${relative(process.cwd(), unresolvedPath)}`);
    progress.info(`total ${fmtSec(progress.elapsedMs)}`);
    const deliveryCounts = deliveryTotals?.counts ?? { read: 0, accepted: 0, rejected: 0 };
    return { manifest, outDir, workDir, rejectsPath, unresolvedPath, deliveries: deliveryCounts, timings };
  } finally {
    deliveries?.stop();
    await beside?.cancel();
    if (!published) await state?.discard();
    db?.close();
    if (!published) {
      rejects.discard();
      unresolved?.discard();
      if (staged) rmSync(staged.folder, { recursive: true, force: true });
      if (stagedPublic) rmSync(stagedPublic, { recursive: true, force: true });
    }
  }
}

interface BuildSetup {
  config: CampaignConfig;
  /** The CSV files, hashed ahead when the build keeps a state. */
  ahead: HashAhead;
  configDir: string;
  outDir: string;
  workDir: string;
  pack: Pack;
  shapes: Topology;
  resolver: CityResolver;
  /** The resolver's answers kept between builds (null when a resolver is injected). */
  resolutions: CachedResolver | null;
  /** Whether this build most likely asks for few of those answers (it adds a few rows to kept sums). */
  fewAnswers: boolean;
  sources: RegistrationSource[];
  /** Per source, its profile's time format (CSV sources with a profile only). */
  timeFormats: Array<string | undefined>;
  /** Per source, its profile (CSV sources with a profile only). */
  profiles: Array<SourceProfile | undefined>;
  /** Where the public profile goes (config `publicOutput`), or null. */
  publicDir: string | null;
  /** The state key and the variables the config names (a database URL, a token) are read here. */
  env: NodeJS.ProcessEnv;
}

function setUp(options: BuildOptions, progress: Progress, ahead: HashAhead): BuildSetup {
  const { config, dir: configDir } = loadConfig(options.config);
  const outDir = resolve(options.out ?? resolve(configDir, config.output ?? '../static/data'));
  const workDir = resolve(options.work ?? resolve(configDir, config.work ?? '.tallyboard'));
  const env = options.env ?? process.env;
  // With a state, the CSV files are hashed on a worker thread from here, while the pack and the resolver's answers
  // load, as the last build's watermarks say they will be asked for (state/hash-ahead.ts).
  const marks = stateKeyFromEnv(env) ? BuildState.lastWatermarks(workDir) : null;
  if (marks) {
    const csv = new Map(config.sources.flatMap((s, i) => (s.kind === 'csv' ? [[i, resolve(configDir, s.path)] as const] : [])));
    hashSourcesAhead(ahead, marks, config.deliveries ? resolve(configDir, config.deliveries) : null, csv, options.resources?.fileHashes);
  }
  // A build after one that kept a state most likely adds a few rows to its sums, and asks for few of the resolver's
  // saved answers: they are parsed as asked for (resolve/resolution-cache.ts), not all while DuckDB scans.
  const fewAnswers = !!marks && Object.keys(marks).length > 0;
  const publicDir = config.publicOutput ? resolve(configDir, config.publicOutput) : null;
  const inputs = [...config.sources.flatMap((s) => (s.kind === 'csv' ? [s.path] : [])), config.headquarters, ...eventSources(config).filter((s) => typeof s === 'string'), config.deliveries];
  const guard = { configFile: options.config, workDir, inputs: inputs.filter((p): p is string => !!p).map((p) => resolve(configDir, p)) };
  checkPublishTarget(outDir, guard);
  // The public folder must hold the public profile only: never the full set, nor sit inside it.
  if (publicDir) checkPublishTarget(publicDir, { ...guard, apart: [outDir] });
  mkdirSync(workDir, { recursive: true });
  const pack = options.pack ?? options.resources?.pack(config.pack) ?? loadPack(config.pack);
  let shapes = options.shapes;
  if (!shapes) {
    try {
      shapes = loadShapes(config.pack);
    } catch {
      progress.info(`warning: geo/${config.pack}/shapes.topo.json is missing; shapes.json will be empty (run npm run geo:build)`);
      shapes = EMPTY_SHAPES;
    }
  }
  const resolutions = options.resolver ? null : (options.resources?.resolver(pack, workDir) ?? withResolutionCache(() => createCachedCityResolver(pack, workDir), pack, workDir, options.pack ? undefined : { pack: pack.code, workDir }));
  const resolver = options.resolver ?? resolutions!;
  const sources = openSources(config, configDir, env);
  // Profiles are validated up front (a bad profile file is a config error, not a row error).
  const profiles = config.sources.map((s, i) => (s.kind === 'csv' ? loadProfile(s.profile, configDir, `/sources/${i}/profile`) : undefined));
  const timeFormats = profiles.map((p) => p?.timeFormat);
  // A compressed, binary or UTF-16 file stops here with what it is; an 8-bit code page read as UTF-8 is a warning
  // (the publish gates hold back the result if few cities then resolve).
  config.sources.forEach((s, i) => {
    if (s.kind === 'csv') for (const w of sniffCsvFile(resolve(configDir, s.path), s.path, profiles[i]?.encoding)) progress.info(`warning: ${w}`);
  });
  return { config, configDir, outDir, workDir, pack, shapes, resolver, resolutions, fewAnswers, sources, timeFormats, profiles, publicDir, env, ahead };
}

interface RegistrationsRead extends RegistrationCounts {
  /** With a state: accepted rows per source, in config order. */
  acceptedPerSource: number[];
  /** Whether the new rows were added to the sums kept from the last build (state/kept-sums.ts). */
  keptSums: boolean;
}

/** Whether source s is a CSV file DuckDB reads (unless its strict reader refuses the file). */
function readByDuckDb(setup: BuildSetup, db: ReadDb | null, s: number): boolean {
  return !!db && setup.config.sources[s].kind === 'csv' && !setup.profiles[s]?.timeFormat;
}

/** A PostgreSQL source in pushdown mode: the database hands over groups, not rows. */
function isPushdown(cfg: SourceConfig): cfg is Extract<SourceConfig, { kind: 'postgres' }> & { pushdown: true } {
  return cfg.kind === 'postgres' && !!cfg.pushdown;
}

/**
 * Every registration source in config order: CSV files through DuckDB (unless `reader` says otherwise, or DuckDB's
 * strict reader refuses the file), the others — and refused files — row by row.
 */
async function readRegistrations(
  setup: BuildSetup,
  db: ReadDb | null,
  stateCtx: StateContext | null,
  stages: RegistrationStages,
  range: TimeRange,
  progress: Progress,
  tick: (read: number) => void,
  kept: KeptSums | null,
  networkPeriod: number
): Promise<RegistrationsRead> {
  const scannedByDuckDb = (s: number): boolean => readByDuckDb(setup, db, s);
  const rowByRow = (s: number): boolean => !scannedByDuckDb(s) && !isPushdown(setup.config.sources[s]);
  // A full build reads and checks the sources it reads row by row after a file DuckDB scans while DuckDB scans it,
  // and sums them in their turn (cube/checked-ahead.ts).
  const first = setup.sources.findIndex((_, s) => scannedByDuckDb(s));
  const ahead = setup.sources.map((source, s) =>
    !stateCtx && first >= 0 && s > first && rowByRow(s) ? new CheckedAhead(source, setup.timeFormats[s], stages.validator) : undefined
  );
  const scanStages: RegistrationStages = {
    ...stages,
    whileScanning: (scanning) => {
      stages.whileScanning?.(scanning);
      for (const a of ahead) a?.readWhile(scanning);
    }
  };
  try {
    return await readSources(setup, db, stateCtx, { stages, scanStages, ahead }, range, progress, tick, kept, networkPeriod);
  } finally {
    await Promise.all(ahead.map((a) => a?.cancel()));
  }
}

/** readRegistrations's sources, in config order: `scanStages` for the files DuckDB scans, `ahead[s]` for source s read ahead. */
async function readSources(
  setup: BuildSetup,
  db: ReadDb | null,
  stateCtx: StateContext | null,
  { stages, scanStages, ahead }: { stages: RegistrationStages; scanStages: RegistrationStages; ahead: ReadonlyArray<CheckedAhead | undefined> },
  range: TimeRange,
  progress: Progress,
  tick: (read: number) => void,
  kept: KeptSums | null,
  networkPeriod: number
): Promise<RegistrationsRead> {
  const total: RegistrationsRead = { read: 0, accepted: 0, rejected: 0, acceptedPerSource: [], keptSums: false };
  const add = (c: RegistrationCounts): void => {
    total.read += c.read;
    total.accepted += c.accepted;
    total.rejected += c.rejected;
  };
  const { config, configDir } = setup;
  // With a state, each source first brings its facts up to date; they are summed after the last one (sum-facts.ts).
  const stateSources: StateSource[] = [];
  for (let s = 0; s < setup.sources.length; s++) {
    const cfg = config.sources[s];
    const before = total.read;
    // A profile's own time format is read by the TypeScript parser: such an export goes to the row-by-row reader
    // directly. Reading the format in SQL was tried (1 Dec): the demo's partner export, transcoded and summed through
    // DuckDB, took 4.6 s of the 10M build against 2.5 s row by row, and about 2 s of CPU more at 1M.
    const sourceTick = (read: number): void => tick(before + read);
    if (db && cfg.kind === 'csv' && readByDuckDb(setup, db, s)) {
      const file = { name: cfg.name, path: resolve(configDir, cfg.path), origin: cfg.path, profile: setup.profiles[s] };
      const result = stateCtx ? await readCsvWithState(stateCtx, s, file, sourceTick) : await sumCsvInDuckDb(file, { conn: db.conn, tempDir: db.dir, range, stages: scanStages }, sourceTick);
      if (!('refused' in result)) {
        if ('how' in result) {
          progress.info(`${cfg.name}: ${result.how}`);
          stateSources.push({ name: cfg.name, read: result });
        } else add(result);
        continue;
      }
      progress.info(`${cfg.path}: DuckDB's CSV reader refused the file (${result.refused}); read row by row instead`);
    }
    // Pushdown hands over groups, not rows: such a source is read in full each time, state or not.
    if (isPushdown(cfg)) {
      const pushdown = (): Promise<RegistrationCounts> => sumPushdown(cfg, stages, range, config.timeZone, sourceTick, setup.env);
      if (stateCtx) stateSources.push({ name: cfg.name, pushdown });
      else add(await pushdown());
      continue;
    }
    if (stateCtx) {
      const result =
        cfg.kind === 'csv'
          ? await readCsvRowsWithState(stateCtx, s, resolve(configDir, cfg.path), setup.sources[s], setup.timeFormats[s], sourceTick)
          : await readRowsWithState(stateCtx, s, cfg, setup.sources[s], setup.timeFormats[s], sourceTick);
      progress.info(`${cfg.name}: ${result.how}`);
      stateSources.push({ name: cfg.name, read: result });
      continue;
    }
    add(await sumRegistrations([setup.sources[s]], [setup.timeFormats[s]], stages, sourceTick, undefined, [ahead[s]]));
    const held = ahead[s]?.rowsHeld ?? 0;
    if (held > 0) progress.info(`${cfg.name}: ${fmtInt(held)} rows read and checked while DuckDB scanned an earlier file`);
  }
  if (stateCtx) {
    const summed = await sumStateSources(stateCtx.conn, stateCtx.state, stateSources, stages, kept, networkPeriod);
    progress.info(`sums: ${summed.how}`);
    summed.counts.forEach(add);
    total.acceptedPerSource = summed.counts.map((c) => c.accepted);
    total.keptSums = summed.kept;
  }
  return total;
}

/**
 * A PostgreSQL source in pushdown mode (sources/postgres/pushdown.ts): the database hands over groups and the
 * rejected rows. Sources are numbered in the order the database returns their groups, not their rows', so the
 * published source dimension may list them in another order than the row-by-row reader does (same numbers).
 */
async function sumPushdown(cfg: Extract<SourceConfig, { kind: 'postgres' }>, stages: RegistrationStages, range: TimeRange, timeZone: string, tick: (read: number) => void, env: NodeJS.ProcessEnv): Promise<RegistrationCounts> {
  const { readPushdown, rowsIn } = await import('./sources/postgres/pushdown.ts');
  const summer = new GroupSummer(stages);
  const counts: RegistrationCounts = { read: 0, accepted: 0, rejected: 0 };
  for await (const batch of readPushdown(cfg, { timeZone, range, periodStarts: [...stages.distance.periodStarts] }, env)) {
    for (const g of batch.groups) {
      summer.add(g);
      counts.accepted += g.count;
    }
    for (const r of batch.rejects) stages.rejects.add(r);
    counts.rejected += batch.rejects.length;
    counts.read += rowsIn(batch);
    tick(counts.read);
  }
  return counts;
}

/** City resolution happens during read+validate; its step line is printed after it. Returns its milliseconds. */
function reportResolution(progress: Progress, spellings: SpellingCache, accepted: number, resolutions: CachedResolver | null): number {
  const rowsWithCity = accepted - spellings.rowsEmpty;
  progress
    .step('resolve cities')
    .done(
      `${fmtInt(spellings.distinct)} distinct spellings: ${fmtInt(spellings.matched)} matched, ${fmtInt(spellings.ambiguous)} ambiguous, ${fmtInt(spellings.unresolved)} unresolved; ` +
        `rows matched ${fmtInt(spellings.rowsResolved)}/${fmtInt(rowsWithCity)} (${rowsWithCity ? ((100 * spellings.rowsResolved) / rowsWithCity).toFixed(1) : '0.0'}%), ${fmtInt(spellings.rowsEmpty)} empty; ` +
        `${fmtInt(spellings.resolverCalls)} resolver calls (case/space variants share one${resolutions ? `; ${fmtInt(resolutions.hits)} answered from the last build's` : ''}), during read+validate`,
      spellings.resolverCalls,
      'spellings',
      spellings.resolveMs
    );
  return spellings.resolveMs;
}

/**
 * Starts reading the delivery log on a worker thread (null without one); its batches are summed into the
 * deliveries cube's cells here, on this thread, as they arrive.
 */
function startDeliveries(job: DeliveryJob, cube: Pick<CubeAggregator, 'addDelivery'>, rejects: RejectsFile) {
  const counts = { read: 0, accepted: 0, rejected: 0 };
  const gatewayValues: string[] = [];
  const started = performance.now();
  const background = readDeliveriesInBackground(job, (b) => {
    counts.read += b.read;
    counts.accepted += b.read - b.rejects.length;
    counts.rejected += b.rejects.length;
    for (const r of b.rejects) rejects.add(r);
    gatewayValues.push(...b.newGateways);
    for (let i = 0; i < b.n; i++) cube.addDelivery(b.hour[i], b.channel[i], b.gateway[i], b.status[i], b.count[i]);
  });
  return {
    counts,
    gatewayValues,
    /** Waits for the end of the log; returns how long the reading took. */
    async finished(): Promise<number> {
      const e = await background.done;
      if (e) throw e;
      return performance.now() - started;
    },
    stop: background.stop
  };
}
