/**
 * City resolution per distinct spelling, and the distance-to-headquarters class per registration.
 *
 * - `SpellingCache` wraps the city resolver (resolve/city-resolver.ts): each distinct spelling is resolved once;
 *   it also keeps the counts for unresolved-cities.csv. Memory is bounded by `maxSpellings` (default 1M): past it,
 *   new spellings are still resolved but no longer cached or listed (reported as `overflow`).
 * - `DistanceClassifier`: the nearest headquarters open at registration time, by haversine distance:
 *   `city` when the HQ is in the registrant's city (same geonameId, or < CITY_KM), `near` within nearKm,
 *   `far` beyond (or no HQ open at that time), `unknown` when the city was not resolved.
 *   Per city the distances to the HQs are computed once (lazily), and the class is cached per city for the current
 *   interval between HQ openings/closings, so most rows cost one array read. The code it returns also carries the
 *   city's class under the network as of `asOfMs` (shared/cube/distance-codes.ts), so "available" can follow the
 *   network of today while the class at registration stays in the cube; that one is cached per city for good.
 */
import type { City } from '../../geo/pack.ts';
import { distanceCode } from '../../shared/cube/distance-codes.ts';
import { haversineKm } from '../../shared/geo/haversine.ts';
import type { CityCandidate, CityResolution, CityResolver } from './city-resolver.ts';

export const CITY_KM = 10;
export const DISTANCE = { city: 0, near: 1, far: 2, unknown: 3 } as const;

export interface SpellingEntry {
  /** Index into the pack's cities, -1 when not matched (ambiguous or unresolved: never guessed). */
  cityIndex: number;
  count: number;
  status: CityResolution['status'];
  candidates: string;
}

const formatCandidates = (c: CityCandidate[]): string => c.map((x) => `${x.city} (${x.regionCode})`).join(' | ');

/** Whitespace that variantKey replaces or trims: any but a single space between other characters. */
const ODD_SPACE = /[^\S ]| {2}|^ | $/;

/**
 * Case, ё/е and whitespace variants of one spelling share one resolution (the resolver normalises them alike).
 * The key is `s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim()`, each replacement made only where it
 * changes something: the 1M demo's 31,834 spellings in 24–64 against 64–83 ms (a build meets each once).
 */
export function variantKey(s: string): string {
  let key = s.toLowerCase();
  if (key.includes('ё')) key = key.replace(/ё/g, 'е');
  return ODD_SPACE.test(key) ? key.replace(/\s+/g, ' ').trim() : key;
}

const STATUSES: ReadonlyArray<SpellingEntry['status']> = ['matched', 'ambiguous', 'unresolved'];

/**
 * A SpellingCache's spellings and counts as plain data (SpellingCache.saved), a list per field: as JSON, a tuple per
 * spelling parsed and was made into entries in about twice the time (the 1M demo's 37,838 spellings in a `build`
 * process: ~170 against ~90 ms of JSON.parse, JSON.stringify and the maps, cold).
 */
export interface SavedSpellings {
  spellings: string[];
  /** Per spelling, by position: its city index, rows and status (STATUSES index). */
  cityIndex: number[];
  count: number[];
  status: number[];
  /** The candidates of each spelling not matched, in order (a matched one has none). */
  candidates: string[];
  /** Per region index: rows, and spellings (positions) with their rows. */
  unresolved: Array<[region: number, rows: number, spellings: number[], spellingRows: number[]]>;
  /** matched, ambiguous, unresolved, rowsResolved, rowsEmpty, overflow. */
  tallies: number[];
}

/** A SpellingCache's spellings, as `restore` takes them: built from saved data apart from any cache (`spellingState`). */
export interface SpellingState {
  map: Map<string, SpellingEntry>;
  unresolvedByRegion: Map<number, { rows: number; spellings: Map<SpellingEntry, number> }>;
  tallies: number[];
}

/** `saved` (SpellingCache.saved) as a cache's maps. */
export function spellingState(saved: SavedSpellings): SpellingState {
  const map = new Map<string, SpellingEntry>();
  const entries: SpellingEntry[] = new Array(saved.spellings.length);
  let unmatched = 0;
  for (let i = 0; i < saved.spellings.length; i++) {
    const status = STATUSES[saved.status[i]];
    entries[i] = { cityIndex: saved.cityIndex[i], count: saved.count[i], status, candidates: status === 'matched' ? '' : saved.candidates[unmatched++] };
    map.set(saved.spellings[i], entries[i]);
  }
  const unresolvedByRegion: SpellingState['unresolvedByRegion'] = new Map();
  for (const [region, rows, spellings, spellingRows] of saved.unresolved) unresolvedByRegion.set(region, { rows, spellings: new Map(spellings.map((at, k) => [entries[at], spellingRows[k]])) });
  return { map, unresolvedByRegion, tallies: saved.tallies };
}

export class SpellingCache {
  private map = new Map<string, SpellingEntry>();
  private byVariant = new Map<string, Omit<SpellingEntry, 'count'>>();
  /** The variant keys `resolveAhead` made, each taken by its spelling's `resolveNew` (not made twice). */
  private readonly aheadKeys = new Map<string, string>();
  /** Calls made to the resolver (distinct spellings up to case/whitespace). */
  resolverCalls = 0;
  private readonly cityIndexById: Map<number, number>;
  matched = 0;
  ambiguous = 0;
  unresolved = 0;
  /** Rows whose spelling resolved to a city. */
  rowsResolved = 0;
  /** Rows with an empty city. */
  rowsEmpty = 0;
  /** Spellings seen after the cache was full (resolved but not cached nor listed). */
  overflow = 0;
  resolveMs = 0;
  /**
   * Per region index, rows whose city did not resolve and their distinct spellings (as entries of `map`): published
   * as counts only, because the spellings are free text that can hold personal data.
   */
  private unresolvedByRegion = new Map<number, { rows: number; spellings: Map<SpellingEntry, number> }>();

  constructor(
    private readonly resolver: CityResolver,
    cities: readonly City[],
    private readonly maxSpellings = 1_000_000
  ) {
    this.cityIndexById = new Map(cities.map((c, i) => [c.geonameId, i]));
  }

  /**
   * This cache (nothing looked up yet) takes over `other`'s spellings and counts, and counts on from here
   * (a long-lived process keeps them between builds); `resolverCalls` and `resolveMs` stay this build's own.
   */
  takeOver(other: SpellingCache): void {
    this.map = other.map;
    this.byVariant = other.byVariant;
    this.unresolvedByRegion = other.unresolvedByRegion;
    this.matched = other.matched;
    this.ambiguous = other.ambiguous;
    this.unresolved = other.unresolved;
    this.rowsResolved = other.rowsResolved;
    this.rowsEmpty = other.rowsEmpty;
    this.overflow = other.overflow;
  }

  /** The spellings and their counts (state/kept-sums.ts): plain data, the inverse of `restore`. */
  saved(): SavedSpellings {
    const at = new Map<SpellingEntry, number>();
    const out: SavedSpellings = { spellings: [], cityIndex: [], count: [], status: [], candidates: [], unresolved: [], tallies: [] };
    for (const [spelling, e] of this.map) {
      at.set(e, out.spellings.length);
      out.spellings.push(spelling);
      out.cityIndex.push(e.cityIndex);
      out.count.push(e.count);
      out.status.push(STATUSES.indexOf(e.status));
      if (e.status !== 'matched') out.candidates.push(e.candidates);
    }
    for (const [region, t] of this.unresolvedByRegion) out.unresolved.push([region, t.rows, [...t.spellings.keys()].map((e) => at.get(e)!), [...t.spellings.values()]]);
    const { matched, ambiguous, rowsResolved, rowsEmpty, overflow } = this;
    out.tallies = [matched, ambiguous, this.unresolved, rowsResolved, rowsEmpty, overflow];
    return out;
  }

  /** This cache (nothing looked up yet) starts from `state`, its own from here; answers for new spellings still come from the resolver. */
  restore(state: SpellingState): void {
    this.map = state.map;
    this.unresolvedByRegion = state.unresolvedByRegion;
    [this.matched, this.ambiguous, this.unresolved, this.rowsResolved, this.rowsEmpty, this.overflow] = state.tallies;
  }

  get distinct(): number {
    return this.map.size + this.overflow;
  }

  /**
   * Resolves ahead the spellings among these that `lookup` would send to the resolver (one per case and space
   * variant), so that a resolver able to (resolution-cache.ts) resolves many at once on two threads.
   */
  async resolveAhead(spellings: Iterable<string>): Promise<void> {
    if (!this.resolver.resolveAhead) return;
    const inputs: string[] = [];
    const variants = new Set<string>();
    for (const spelling of spellings) {
      if (spelling === '' || this.map.has(spelling)) continue;
      const key = variantKey(spelling);
      this.aheadKeys.set(spelling, key);
      if (this.byVariant.has(key) || variants.has(key)) continue;
      variants.add(key);
      inputs.push(spelling);
    }
    const t = performance.now();
    await this.resolver.resolveAhead(inputs);
    this.resolveMs += performance.now() - t;
  }

  /** `own`: the spelling's copy that the cache keeps (see `lookup`). */
  private resolveNew(spelling: string, own: string): SpellingEntry {
    const key = this.aheadKeys.get(spelling) ?? variantKey(spelling);
    this.aheadKeys.delete(spelling);
    let shared = this.byVariant.get(key);
    if (!shared) {
      const t = performance.now();
      const r = this.resolver.resolve(spelling);
      this.resolveMs += performance.now() - t;
      this.resolverCalls++;
      const cityIndex = r.status === 'matched' && r.geonameId != null ? (this.cityIndexById.get(r.geonameId) ?? -1) : -1;
      const status = cityIndex >= 0 ? 'matched' : r.status === 'matched' ? 'unresolved' : r.status;
      shared = { cityIndex, status, candidates: status === 'matched' ? '' : formatCandidates(r.candidates ?? []) };
      // A key that differs from its spelling was made anew (lower-cased, ё or spaces replaced): only one equal to
      // it needs a copy, and the spelling's serves.
      if (this.byVariant.size < this.maxSpellings) this.byVariant.set(key === spelling ? own : key, shared);
    }
    if (shared.status === 'matched') this.matched++;
    else if (shared.status === 'ambiguous') this.ambiguous++;
    else this.unresolved++;
    return { cityIndex: shared.cityIndex, status: shared.status, candidates: shared.candidates, count: 0 };
  }

  /**
   * City index for a spelling ('' = empty city → -1), counting its `rows` (a group of rows counts as many; a
   * negative count takes rows out: forgetUncounted then drops the spellings left with none).
   */
  lookup(spelling: string, rows = 1): number {
    if (spelling === '') {
      this.rowsEmpty += rows;
      return -1;
    }
    let e = this.map.get(spelling);
    if (!e) {
      // A fresh copy: the spelling may be a slice of a 1 MB input chunk, which the key would otherwise keep alive.
      // Made by joining and slicing (V8 copies the characters into a new string of their length + 1), not through
      // a Buffer: 40,000 spellings the first time, as in a build, 30 against 122 ms (UTF-8 encoded and decoded).
      const own = (' ' + spelling).slice(1);
      e = this.resolveNew(spelling, own);
      if (this.map.size < this.maxSpellings) this.map.set(own, e);
      else this.overflow++;
    }
    e.count += rows;
    if (e.cityIndex >= 0) this.rowsResolved += rows;
    return e.cityIndex;
  }

  /** Distinct spellings per matched city index (spellings past `maxSpellings` are not counted). */
  spellingsPerCity(): Map<number, number> {
    const out = new Map<number, number>();
    for (const e of this.map.values()) if (e.cityIndex >= 0) out.set(e.cityIndex, (out.get(e.cityIndex) ?? 0) + 1);
    return out;
  }

  /** Counts a row whose spelling did not resolve in the region it was placed in (its region column, or UNKNOWN). */
  placeUnresolved(spelling: string, region: number, rows = 1): void {
    if (spelling === '') return;
    let tally = this.unresolvedByRegion.get(region);
    if (!tally) this.unresolvedByRegion.set(region, (tally = { rows: 0, spellings: new Map() }));
    tally.rows += rows;
    const entry = this.map.get(spelling);
    if (!entry) return;
    // Counted per region: the same spelling (a city with a comma carries no region) may be placed in several.
    const left = (tally.spellings.get(entry) ?? 0) + rows;
    if (left === 0) tally.spellings.delete(entry);
    else tally.spellings.set(entry, left);
  }

  /** Drops the spellings whose rows were all taken out (`lookup` with negative counts), as if never met. */
  forgetUncounted(): void {
    for (const [spelling, e] of this.map) {
      if (e.count !== 0) continue;
      this.map.delete(spelling);
      if (e.status === 'matched') this.matched--;
      else if (e.status === 'ambiguous') this.ambiguous--;
      else this.unresolved--;
    }
  }

  unresolvedIn(region: number): { rows: number; spellings: number } {
    const tally = this.unresolvedByRegion.get(region);
    return { rows: tally?.rows ?? 0, spellings: tally?.spellings.size ?? 0 };
  }

  /** Ambiguous and unresolved spellings, most frequent first. */
  problems(): Array<{ spelling: string; count: number; status: string; candidates: string }> {
    const out: Array<{ spelling: string; count: number; status: string; candidates: string }> = [];
    for (const [spelling, e] of this.map) if (e.cityIndex < 0) out.push({ spelling, count: e.count, status: e.status, candidates: e.candidates });
    return out.sort((a, b) => b.count - a.count || (a.spelling < b.spelling ? -1 : 1));
  }
}

export interface Headquarters {
  lat: number;
  lon: number;
  openedMs: number;
  /** +Infinity while open. */
  closedMs: number;
  /** GeoNames id of the HQ's city when it resolved, else null (then only the CITY_KM rule applies). */
  geonameId: number | null;
}

export class DistanceClassifier {
  /** Per city, its distance in km to each headquarters (in `hqs` order), once first needed. */
  private perCity: Array<Float64Array | undefined> = [];
  /** Rows per class at registration time (DISTANCE order). */
  readonly counts = [0, 0, 0, 0];
  /** Rows whose class as of `asOfMs` differs from the one at registration. */
  changedSince = 0;
  /** Class per city under the network as of `asOfMs`; -1 until first needed. */
  private classNow: Int8Array;
  /**
   * Every instant at which some HQ opens or closes, sorted: between two of them the set of open HQs — and so each
   * city's class — is constant. A row's class is cached per city for the interval it falls in (`cachedAt`), so
   * rows (which come roughly in time order) rarely walk a city's HQ list.
   */
  private readonly breaks: Float64Array;
  private cachedAt: Int32Array;
  private cachedClass: Int8Array;
  /** The interval of the last row: [lo, hi) is interval `k`. */
  private k = -1;
  private lo = 0;
  private hi = -1;

  constructor(
    private readonly cities: readonly City[],
    private readonly hqs: readonly Headquarters[],
    private readonly nearKm: number,
    private readonly asOfMs: number
  ) {
    this.perCity.length = cities.length;
    this.classNow = new Int8Array(cities.length).fill(-1);
    const times = new Set<number>();
    for (const h of hqs) {
      if (Number.isFinite(h.openedMs)) times.add(h.openedMs);
      if (Number.isFinite(h.closedMs)) times.add(h.closedMs);
    }
    this.breaks = Float64Array.from([...times].sort((a, b) => a - b));
    this.cachedAt = new Int32Array(cities.length).fill(-1);
    this.cachedClass = new Int8Array(cities.length);
  }

  /**
   * This classifier (nothing classified yet) takes over `other`'s row tallies, and its per-city caches: both were
   * made from the same cities and headquarters, and the caller checks that the network date is in the same period.
   */
  takeOver(other: DistanceClassifier): void {
    this.counts.splice(0, this.counts.length, ...other.counts);
    this.changedSince = other.changedSince;
    this.perCity = other.perCity;
    this.classNow = other.classNow;
    this.cachedAt = other.cachedAt;
    this.cachedClass = other.cachedClass;
  }

  /** The row tallies (state/kept-sums.ts): counts per class, then changedSince. */
  savedTallies(): number[] {
    return [...this.counts, this.changedSince];
  }

  /** This classifier (nothing classified yet) starts from tallies `savedTallies` gave (its caches fill anew). */
  restoreTallies(saved: readonly number[]): void {
    this.counts.splice(0, this.counts.length, ...saved.slice(0, this.counts.length));
    this.changedSince = saved[this.counts.length];
  }

  /** Cities whose distances to the HQs were computed (once each). */
  citiesPrepared = 0;

  private kmFor(cityIndex: number): Float64Array {
    let km = this.perCity[cityIndex];
    if (!km) {
      this.citiesPrepared++;
      const c = this.cities[cityIndex];
      km = new Float64Array(this.hqs.length);
      for (let i = 0; i < km.length; i++) km[i] = haversineKm(c.lat, c.lon, this.hqs[i].lat, this.hqs[i].lon);
      this.perCity[cityIndex] = km;
    }
    return km;
  }

  /**
   * Every instant at which the network changes, sorted: period k (see RegistrationGroup.period) is
   * [periodStarts[k − 1], periodStarts[k]).
   */
  get periodStarts(): Float64Array {
    return this.breaks;
  }

  /** The period holding `ms`: how many of `periodStarts` are ≤ ms. */
  periodOf(ms: number): number {
    return this.interval(ms);
  }

  /** Index of the interval holding `ms`: how many breaks are ≤ ms. */
  private interval(ms: number): number {
    if (ms >= this.lo && ms < this.hi) return this.k;
    const b = this.breaks;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] <= ms) lo = mid + 1;
      else hi = mid;
    }
    this.k = lo;
    this.lo = lo > 0 ? b[lo - 1] : -Infinity;
    this.hi = lo < b.length ? b[lo] : Infinity;
    return lo;
  }

  /**
   * The class by the nearest HQ open at `ms` (the first in `hqs` order of those equally near). A scan of every HQ,
   * not a walk down each city's HQs sorted by distance: sorting them cost 90–130 ms of a 1M build's main thread
   * (2,486 cities × 85 HQs, each sort calling its comparator), scanning them all 20–30 ms for its 86k walks.
   */
  private walk(cityIndex: number, ms: number): number {
    const km = this.kmFor(cityIndex);
    let nearest = -1;
    for (let i = 0; i < km.length; i++) {
      const h = this.hqs[i];
      if (h.openedMs > ms || h.closedMs <= ms || !(nearest < 0 || km[i] < km[nearest])) continue;
      nearest = i;
    }
    if (nearest < 0) return DISTANCE.far;
    const h = this.hqs[nearest];
    const d = km[nearest];
    if (d < CITY_KM || (h.geonameId !== null && h.geonameId === this.cities[cityIndex].geonameId)) return DISTANCE.city;
    return d <= this.nearKm ? DISTANCE.near : DISTANCE.far;
  }

  /**
   * The cube's distance code (an index into DISTANCE_CODES) for a registration from city `cityIndex`
   * (-1: unresolved) at `ms`: its class then and as of `asOfMs`.
   */
  classify(cityIndex: number, ms: number): number {
    // The interval only matters for a resolved city: an unresolved row skips the lookup, as it always did.
    return this.code(cityIndex, this.classAt(cityIndex, ms, cityIndex >= 0 && ms === ms ? this.interval(ms) : -2), 1);
  }

  /**
   * The same for `rows` registrations from city `cityIndex` made during period `period` (any instant of a period
   * gets the same class: the set of open headquarters only changes at the period's bounds).
   */
  classifyInPeriod(cityIndex: number, period: number, rows: number): number {
    const b = this.breaks;
    // An instant inside the period: its start, or for the first period the instant before the first change.
    const ms = period > 0 ? b[period - 1] : b.length > 0 ? b[0] - 1 : 0;
    return this.code(cityIndex, this.classAt(cityIndex, ms, period), rows);
  }

  private code(cityIndex: number, then: number, rows: number): number {
    this.counts[then] += rows;
    if (cityIndex < 0) return distanceCode(then, then);
    let now = this.classNow[cityIndex];
    if (now < 0) now = this.classNow[cityIndex] = this.walk(cityIndex, this.asOfMs);
    if (now !== then) this.changedSince += rows;
    return distanceCode(then, now);
  }

  /** `k`: the interval holding `ms` (-2 when ms is NaN: not cached). */
  private classAt(cityIndex: number, ms: number, k: number): number {
    let cls: number = DISTANCE.unknown;
    if (cityIndex >= 0) {
      if (k >= 0 && this.cachedAt[cityIndex] === k) cls = this.cachedClass[cityIndex];
      else {
        cls = this.walk(cityIndex, ms);
        if (k >= 0) {
          this.cachedAt[cityIndex] = k;
          this.cachedClass[cityIndex] = cls;
        }
      }
    }
    return cls;
  }
}
