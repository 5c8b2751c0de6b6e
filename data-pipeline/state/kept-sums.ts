/**
 * The registrations a long-lived process (`tallyboard watch`) summed in its last build, kept in memory with the id
 * of the state they were summed from (build-state.ts), so that the next build adds only the rows appended since
 * instead of summing every fact again (about 3.5 s of an incremental build on the 1M demo).
 *
 * Cubes add, so the kept sums plus the new rows', less the rows that went (a source read again or changed: its
 * facts' difference, build-state.ts), are what summing all facts gives — cube cells and spellings left with
 * no row are dropped as a full build never makes them — with two exceptions the check in sum-facts.ts rules out:
 * the source dimension numbers values in the order their first rows come (a new value could come before one of a
 * later source, a change could move or remove the first row of one), and the distance codes carry each city's
 * class under the network as of the build, which changes when that date crosses a headquarters' opening or
 * closing. Then, and with a pushdown source or another process's build in between (the state's id differs),
 * every fact is summed again.
 *
 * Nothing is copied: the kept sums are the published build's own tables, which it only reads once the
 * registrations are summed (with the cube's row order, so the next build re-places only the cells that changed),
 * and the next build takes them over and adds to them. A build that fails after taking
 * them over has spent them: the build after it sums every fact again.
 *
 * A `build` process (cron's) writes its sums into the state instead (`sums.bin`, ../columns-file.ts), before its cube
 * is sorted: into the build's copy of the state, put in place with it (build-state.ts), so the sums always belong to
 * the state beside them (the header names that state's id all the same). The next one loads them from there, under
 * the same checks, instead of summing every fact; so does
 * a `watch` whose own were spent by a failed build. `watch` itself writes none (0.3–0.8 s of each build at 1M):
 * its first build after a restart sums every fact.
 */
import { CellTable } from '../cube/cells.ts';
import type { CityDays } from '../cube/city-days.ts';
import type { CubeAggregator } from '../cube/aggregate.ts';
import type { Dictionary } from '../cube/dictionary.ts';
import type { RegistrationStages } from '../cube/registrations.ts';
import { spellingState, type DistanceClassifier, type SavedSpellings, type SpellingCache, type SpellingState } from '../resolve/distance.ts';
import { readColumnsFile, writeColumnsFile } from '../columns-file.ts';

/** Bump when the header's fields, the body's or the columns' order change: an older file is then ignored. */
const SUMS_FORMAT = 3;

interface SummedStages {
  spellings: SpellingCache;
  distance: DistanceClassifier;
  cityDays?: CityDays;
  sourceDict: Dictionary;
  cube: CubeAggregator;
}

/** The same sums as a file keeps them: what decides whether they are used at once, the tables as they are read. */
interface SavedSums {
  distance: number[];
  sources: string[];
  cubeRows: number;
  /** The spellings and cell tables, built from the file's body and columns when they arrive (while DuckDB reads). */
  tables: Promise<{ spellings: SpellingState; regs: CellTable; days: CellTable | null }>;
}

/** The file's JSON header: what is neither the spellings (its body) nor an int32 column. */
interface SumsHeader {
  stateId: string;
  networkPeriod: number;
  accepted: number[];
  distance: number[];
  sources: string[];
  cubeRows: number;
  cityDays: boolean;
}

export class KeptSums {
  private spent = false;

  private constructor(
    /** The id of the state (build-state.ts) whose facts these are the sums of. */
    readonly stateId: string,
    /** The headquarters network period of the build's network date (DistanceClassifier.periodOf). */
    readonly networkPeriod: number,
    /** Accepted rows per source, in config order. */
    readonly accepted: readonly number[],
    /** The build's own tables (kept in memory), or their saved data (loaded from the state). */
    private readonly sums: { stages: SummedStages } | { saved: SavedSums }
  ) {}

  /**
   * The sums of `stages` once every registration is in them (the build adds none after this); `inMemory`: a later
   * build of this process takes them over, so the cube keeps its registrations and row order through `finish`, and
   * the city days their cells through the city table.
   */
  static of(stateId: string, networkPeriod: number, accepted: readonly number[], stages: RegistrationStages, inMemory: boolean): KeptSums {
    const { spellings, distance, cityDays, sourceDict, cube } = stages;
    if (inMemory) {
      cube.keepForNextBuild();
      cityDays?.keepForNextBuild();
    }
    return new KeptSums(stateId, networkPeriod, [...accepted], { stages: { spellings, distance, cityDays, sourceDict, cube } });
  }

  /** The sums a build wrote into the state (`save`), or null when there are none (or unreadable). */
  static load(path: string): KeptSums | null {
    // With room for new cells as an empty table makes it (cube/cells.ts takes the columns as they are).
    const file = readColumnsFile<SumsHeader, SavedSpellings>(path, SUMS_FORMAT, 0.5);
    if (!file) return null;
    const h = file.header;
    const cells = (columns: Int32Array[], k: number, width: number): CellTable => CellTable.fromColumns(width, { cellA: columns[k], cellB: columns[k + 1], sums: columns.slice(k + 2, k + 2 + width) });
    const tables = file.rest.then(({ body, columns }) => ({ spellings: spellingState(body), regs: cells(columns, 0, 5), days: h.cityDays ? cells(columns, 7, 5) : null }));
    // Awaited by the build that takes the sums over; one that does not leaves it unheard.
    tables.catch(() => undefined);
    return new KeptSums(h.stateId, h.networkPeriod, h.accepted, { saved: { distance: h.distance, sources: h.sources, cubeRows: h.cubeRows, tables } });
  }

  /**
   * Writes these sums (the build's own) to `path`, for `load`; the tables must not change (the cube sorted in place)
   * until the promise resolves.
   */
  save(path: string): Promise<void> {
    if (!('stages' in this.sums)) throw new Error('only a build\'s own sums are saved');
    const { spellings, distance, cityDays, sourceDict, cube } = this.sums.stages;
    const registrations = cube.savedRegistrations();
    const days = cityDays?.savedCells() ?? null;
    const columns = [registrations.cells, ...(days ? [days] : [])].flatMap((c) => [c.cellA, c.cellB, ...c.sums]);
    const header: SumsHeader = {
      stateId: this.stateId,
      networkPeriod: this.networkPeriod,
      accepted: [...this.accepted],
      distance: distance.savedTallies(),
      sources: [...sourceDict.values],
      cubeRows: registrations.rows,
      cityDays: days !== null
    };
    return writeColumnsFile(path, SUMS_FORMAT, { header, body: spellings.saved(), columns });
  }

  /**
   * Whether the sums are there to take over: a file's body and columns, read in the background, may turn out
   * unreadable (an I/O error, a body that does not parse); the build then sums every fact instead of failing.
   */
  async readable(): Promise<boolean> {
    if (!('saved' in this.sums)) return true;
    return this.sums.saved.tables.then(
      () => true,
      () => false
    );
  }

  /** Whether a build has taken these sums over (they hold its additions now, published or not). */
  get used(): boolean {
    return this.spent;
  }

  private get sourceValues(): readonly string[] {
    return 'stages' in this.sums ? this.sums.stages.sourceDict.values : this.sums.saved.sources;
  }

  /** Whether the source dimension already holds `value`. */
  hasSource(value: string): boolean {
    return this.sourceValues.includes(value);
  }

  /** Whether the source dimension holds exactly `values`, in this order. */
  hasSourcesInOrder(values: readonly string[]): boolean {
    const kept = this.sourceValues;
    return kept.length === values.length && kept.every((v, i) => v === values[i]);
  }

  /** A build's stages (nothing summed into them yet) take the kept sums over. */
  async restoreInto(stages: RegistrationStages): Promise<void> {
    this.spent = true;
    if ('saved' in this.sums) {
      const { distance, sources, cubeRows } = this.sums.saved;
      const { spellings, regs, days } = await this.sums.saved.tables;
      stages.spellings.restore(spellings);
      stages.distance.restoreTallies(distance);
      if (days) stages.cityDays?.restoreCells(days);
      for (const v of sources) stages.sourceDict.get(v);
      stages.cube.restoreRegistrations(cubeRows, regs);
      return;
    }
    const { spellings, distance, cityDays, sourceDict, cube } = this.sums.stages;
    stages.spellings.takeOver(spellings);
    stages.distance.takeOver(distance);
    if (cityDays) stages.cityDays?.takeOver(cityDays);
    stages.sourceDict.addAll(sourceDict);
    stages.cube.takeOverRegistrations(cube);
  }
}
