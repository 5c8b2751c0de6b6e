/**
 * The registrations' one streaming pass: each raw record is validated, its city resolved (once per spelling),
 * its distance to the nearest open headquarters classified, and summed into the cube's cells at once, so memory
 * is bounded by the dictionaries, never by the number of rows.
 */
import type { Pack } from '../../geo/pack.ts';
import { UNKNOWN_REGION } from '../../shared/cube/format.ts';
import type { DistanceClassifier, SpellingCache } from '../resolve/distance.ts';
import { createRegionColumn } from '../resolve/region-column.ts';
import type { RawRecord, RegistrationSource } from '../sources/types.ts';
import type { RejectSink } from '../validate/rejects-file.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import type { Accepted, RecordValidator } from '../validate/validate.ts';
import { NO_HOUR, type CubeAggregator } from './aggregate.ts';
import type { CityDays } from './city-days.ts';
import type { Dictionary } from './dictionary.ts';
import type { FactAppender } from '../state/fact-appender.ts';
import type { CheckedAhead, CheckedRecord } from './checked-ahead.ts';

/**
 * The region dimension: the pack's regions, then UNKNOWN_REGION. A row whose city did not resolve counts in the
 * region its `region` column names, when the pack knows it, else in UNKNOWN_REGION.
 */
export function regionDimension(pack: Pack): { codes: string[]; unknown: number; ofCity: Int32Array; column: ReturnType<typeof createRegionColumn> } {
  const codes = [...pack.regions.map((r) => r.code), UNKNOWN_REGION];
  const index = new Map(codes.map((c, i) => [c, i]));
  const unknown = codes.length - 1;
  return { codes, unknown, ofCity: Int32Array.from(pack.cities, (c) => index.get(c.regionCode) ?? unknown), column: createRegionColumn(pack.regions, codes, unknown) };
}

export interface RegistrationStages {
  validator: RecordValidator;
  spellings: SpellingCache;
  distance: DistanceClassifier;
  regions: ReturnType<typeof regionDimension>;
  sourceDict: Dictionary;
  cube: CubeAggregator;
  rejects: RejectSink;
  cityDays?: CityDays;
  /**
   * Work for this thread while DuckDB scans a CSV file (cube/registrations-duckdb.ts), called once the scan has
   * started, with the scan: the thread would otherwise only wait for it.
   */
  whileScanning?: (scanning: Promise<unknown>) => void;
}

export interface RegistrationCounts {
  read: number;
  accepted: number;
  rejected: number;
}

/**
 * With `facts` (an incremental build's state), accepted rows become facts there instead of being summed (the
 * caller sums them with the source's kept ones). `timeFormats[s]` is source s's profile time format; `ahead[s]`,
 * when given, source s read and checked ahead of its turn (cube/checked-ahead.ts, not with `facts`). `tick` runs
 * after each batch; a source without batches ticks every 1,024 records.
 */
export async function sumRegistrations(
  sources: readonly RegistrationSource[],
  timeFormats: ReadonlyArray<string | undefined>,
  stages: RegistrationStages,
  tick: (read: number) => void,
  facts?: FactAppender,
  ahead: ReadonlyArray<CheckedAhead | undefined> = []
): Promise<RegistrationCounts> {
  const { validator, spellings, distance, regions, sourceDict, cube, rejects } = stages;
  const counts: RegistrationCounts = { read: 0, accepted: 0, rejected: 0 };
  let lastSource = '';
  let lastSourceIndex = -1;
  const sum = (a: Accepted): void => {
    const cityIndex = spellings.lookup(a.spelling);
    const region = cityIndex >= 0 ? regions.ofCity[cityIndex] : regions.column.lookup(a.region);
    if (cityIndex < 0) spellings.placeUnresolved(a.spelling, region);
    const dist = distance.classify(cityIndex, a.createdMs);
    stages.cityDays?.add(cityIndex, a);
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
    counts.accepted++;
  };
  const handle = (rec: RawRecord, timeFormat: string | undefined): void => {
    counts.read++;
    const rejection = validator.check(rec, timeFormat);
    const key = facts ? facts.keyOf(rec) : null;
    if (rejection) {
      counts.rejected++;
      rejects.add(rejection, key);
      return;
    }
    const a = validator.accepted;
    if (facts) {
      facts.add(key, rec, a);
      counts.accepted++;
      return;
    }
    sum(a);
  };
  const handleChecked = (c: CheckedRecord): void => {
    counts.read++;
    if (c.rejection) {
      counts.rejected++;
      rejects.add(c.rejection);
    } else sum(c.accepted);
  };
  for (let s = 0; s < sources.length; s++) {
    const timeFormat = timeFormats[s];
    const src = sources[s];
    const checked = facts ? undefined : ahead[s];
    if (checked) {
      for await (const batch of checked.outcomes()) {
        for (let k = 0; k < batch.length; k++) handleChecked(batch[k]);
        tick(counts.read);
      }
    } else if (src.batches) {
      for await (const batch of src.batches()) {
        for (let k = 0; k < batch.length; k++) handle(batch[k], timeFormat);
        tick(counts.read);
      }
    } else {
      for await (const rec of src.records()) {
        handle(rec, timeFormat);
        if ((counts.read & 1023) === 0) tick(counts.read);
      }
    }
  }
  return counts;
}
