/**
 * Sums registrations handed over in groups (cube/registration-group.ts) into the cube's cells, the city table and
 * the resolution and distance tallies, exactly as cube/registrations.ts sums the same rows one by one: each
 * (city, region) pair is resolved once and counted for its rows, each group is classified by the headquarters
 * period it falls in. Cubes add, so the order of the groups does not matter — except for the source
 * dictionary, whose indexes follow the order values are first met: a reader registers its sources
 * (`sourceIndex`) in the order their first rows come, before adding groups. A negative row count takes rows
 * out of the sums (state/sum-facts.ts: facts that went since the sums were kept).
 */
import { spellingOf } from '../validate/validate.ts';
import type { RegistrationGroup } from './registration-group.ts';
import type { RegistrationStages } from './registrations.ts';

export interface PlacedPair {
  cityIndex: number;
  region: number;
}

export class GroupSummer {
  constructor(private readonly stages: RegistrationStages) {}

  /** The city (-1: not resolved) and the region `rows` registrations with this city and region text count in. */
  place(city: string, region: string, rows: number, spelling = spellingOf(city, region)): PlacedPair {
    const { spellings, regions } = this.stages;
    const cityIndex = spellings.lookup(spelling, rows);
    const regionIndex = cityIndex >= 0 ? regions.ofCity[cityIndex] : regions.column.lookup(region);
    if (cityIndex < 0) spellings.placeUnresolved(spelling, regionIndex, rows);
    return { cityIndex, region: regionIndex };
  }

  /** Resolves ahead the spellings (spellingOf of each pair's city and region) that `place` will meet (SpellingCache.resolveAhead). */
  resolveAhead(spellings: readonly string[]): Promise<void> {
    return this.stages.spellings.resolveAhead(spellings);
  }

  /** The source dimension's index of a value (registered on first use). */
  sourceIndex(value: string): number {
    return this.stages.sourceDict.get(value);
  }

  /** `rows` registrations already placed (`place`) and with their source's index. */
  addPlaced(cityIndex: number, region: number, source: number, hour: number, period: number, phone: boolean, email: boolean, questionnaire: boolean, rows: number): void {
    const { distance, cube, cityDays } = this.stages;
    const dist = distance.classifyInPeriod(cityIndex, period, rows);
    cityDays?.addRows(cityIndex, hour, phone, email, questionnaire, rows);
    cube.addRegistrations(hour, region, source, dist, phone, email, questionnaire, rows);
  }

  /** The distance code of `rows` registrations from city `cityIndex` (-1: not resolved) during headquarters period `period`, tallied. */
  classifyInPeriod(cityIndex: number, period: number, rows: number): number {
    return this.stages.distance.classifyInPeriod(cityIndex, period, rows);
  }

  /**
   * Cube cells summed elsewhere (cube/fact-groups.ts): cell i is (hours[i], keys[i]) (registrationKeySql's key of
   * its region, source and distance) with stage sums sums[k][i] (STAGES order), each times `sign`. Returns the
   * registrations they count.
   */
  addCells(hours: Int32Array, keys: Int32Array, sums: readonly Int32Array[], sign: 1 | -1): number {
    return this.stages.cube.addCells(hours, keys, sums, sign);
  }

  /** Whether the build makes a city table (its days are summed by `addCityDays`). */
  get countsCityDays(): boolean {
    return this.stages.cityDays !== undefined;
  }

  /** The city table's local day of an hour. */
  dayOfHour(hour: number): number {
    return this.stages.cityDays?.dayOfHour(hour) ?? 0;
  }

  /** City days summed elsewhere (cube/fact-groups.ts): (cities[i], days[i]) with stage sums sums[k][i], each times `sign`. */
  addCityDays(cities: Int32Array, days: Int32Array, sums: readonly Int32Array[], sign: 1 | -1): void {
    this.stages.cityDays?.addDays(cities, days, sums, sign);
  }

  add(g: RegistrationGroup): void {
    const p = this.place(g.city, g.region, g.count);
    this.addPlaced(p.cityIndex, p.region, this.sourceIndex(g.source), g.hour, g.period, g.phone, g.email, g.questionnaire, g.count);
  }
}
