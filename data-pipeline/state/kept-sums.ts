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
 */
import type { CityDays } from '../cube/city-days.ts';
import type { CubeAggregator } from '../cube/aggregate.ts';
import type { Dictionary } from '../cube/dictionary.ts';
import type { RegistrationStages } from '../cube/registrations.ts';
import type { DistanceClassifier, SpellingCache } from '../resolve/distance.ts';

interface SummedStages {
  spellings: SpellingCache;
  distance: DistanceClassifier;
  cityDays?: CityDays;
  sourceDict: Dictionary;
  cube: CubeAggregator;
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
    private readonly sums: SummedStages
  ) {}

  /** The sums of `stages` once every registration is in them (the build adds none after this). */
  static of(stateId: string, networkPeriod: number, accepted: readonly number[], stages: RegistrationStages): KeptSums {
    const { spellings, distance, cityDays, sourceDict, cube } = stages;
    cube.keepForNextBuild();
    return new KeptSums(stateId, networkPeriod, [...accepted], { spellings, distance, cityDays, sourceDict, cube });
  }

  /** Whether a build has taken these sums over (they hold its additions now, published or not). */
  get used(): boolean {
    return this.spent;
  }

  /** Whether the source dimension already holds `value`. */
  hasSource(value: string): boolean {
    return this.sums.sourceDict.values.includes(value);
  }

  /** Whether the source dimension holds exactly `values`, in this order. */
  hasSourcesInOrder(values: readonly string[]): boolean {
    const kept = this.sums.sourceDict.values;
    return kept.length === values.length && kept.every((v, i) => v === values[i]);
  }

  /** A build's stages (nothing summed into them yet) take the kept sums over. */
  restoreInto(stages: RegistrationStages): void {
    this.spent = true;
    const { spellings, distance, cityDays, sourceDict, cube } = this.sums;
    stages.spellings.takeOver(spellings);
    stages.distance.takeOver(distance);
    if (cityDays) stages.cityDays?.takeOver(cityDays);
    stages.sourceDict.addAll(sourceDict);
    stages.cube.takeOverRegistrations(cube);
  }
}
