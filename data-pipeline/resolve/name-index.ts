/**
 * Exact and approximate lookup of match keys. Approximate search uses the q-gram lemma to
 * prune: a key within edit distance k of a query shares at least (bigrams(query) − 2k) bigrams
 * with it, so only keys reached through enough bigram postings are measured with Levenshtein.
 * One edit, the common typo, is looked up first through deletion neighbourhoods, which finds the
 * same keys without walking postings.
 */
import { distance } from 'fastest-levenshtein';

export interface KeyHit {
  /** Position of the key as passed to createNameIndex. */
  keyId: number;
  distance: number;
}

export interface NameIndex {
  exact(key: string): number | undefined;
  /** Keys within maxDistance of the query, unordered. */
  near(key: string, maxDistance: number): KeyHit[];
}

/** How many of a query's commonest bigrams the candidate count may skip (see near). */
const MAX_SKIPPED_BIGRAMS = 2;

const PAD = 32; // ' ': keys are padded so first and last letters form bigrams of their own

/**
 * The distinct bigrams of ` key `, each packed into one number (two UTF-16 units), written into
 * `out`; returns how many. Numbers, not strings: the query path allocates nothing per bigram.
 */
function bigramCodes(key: string, out: number[]): number {
  let n = 0;
  let prev = PAD;
  for (let i = 0; i <= key.length; i += 1) {
    const cur = i < key.length ? key.charCodeAt(i) : PAD;
    const code = prev * 0x10000 + cur;
    prev = cur;
    let seen = false;
    for (let j = 0; j < n && !seen; j += 1) seen = out[j] === code;
    if (!seen) out[n++] = code;
  }
  return n;
}

/** Multiplier of the polynomial string hash (mod 2^32) used for deletion neighbourhoods. */
const HASH_BASE = 0x01000193;

/**
 * Writes into `out` the hash of `key` and of each string made by deleting one of its letters
 * (equal strings hash equal, whichever key they come from); returns key.length + 1. Prefix and
 * suffix sums make each variant O(1) without building it.
 */
function deletionHashes(key: string, out: Int32Array): number {
  const n = key.length;
  // suffix[j] = Σ_{t ≥ j} key[t]·B^(n−1−t), accumulated right to left with the power alongside.
  let suffix = 0;
  let power = 1;
  for (let j = n - 1; j >= 0; j -= 1) {
    out[j + 1] = suffix; // suffix after j, parked in out[j + 1]; the variant without j needs it
    suffix = (suffix + Math.imul(key.charCodeAt(j), power)) | 0;
    power = Math.imul(power, HASH_BASE);
  }
  // Left to right: prefix = hash(key[0..i)); the variant without i is prefix·B^(n−1−i) + suffix after i.
  let prefix = 0;
  for (let i = 0; i < n; i += 1) {
    out[i] = (Math.imul(prefix, powerOf(n - 1 - i)) + out[i + 1]) | 0;
    prefix = (Math.imul(prefix, HASH_BASE) + key.charCodeAt(i)) | 0;
  }
  out[n] = prefix;
  return n + 1;
}

const POWERS = new Int32Array(256);
POWERS[0] = 1;
for (let i = 1; i < POWERS.length; i += 1) POWERS[i] = Math.imul(POWERS[i - 1], HASH_BASE);
function powerOf(k: number): number {
  if (k < POWERS.length) return POWERS[k];
  let p = 1;
  for (let i = 0; i < k; i += 1) p = Math.imul(p, HASH_BASE);
  return p;
}

/** Spreads a hash over the table's low bits (murmur3 finalizer). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * What an index holds besides its keys, all typed arrays (resolve/resolver-image.ts saves them, so that a build
 * restores an index instead of building it).
 */
export interface NameIndexParts {
  /** Each bigram id's code (bigramCodes), as its 32 bits. */
  gramCodes: Int32Array;
  /** Each key's distinct bigram ids, sorted, back to back: keyGrams[gramStart[id] .. gramStart[id + 1]). */
  keyGrams: Int32Array;
  gramStart: Int32Array;
  /** Postings per bigram and key length (see nameIndexOf). */
  postingStart: Int32Array;
  postingIds: Int32Array;
  /** The deletion neighbourhoods' open-addressing table: each slot's hash and key id (−1: empty). */
  slotHash: Int32Array;
  slotKey: Int32Array;
}

export function createNameIndex(keys: string[]): NameIndex {
  return nameIndexOf(keys, nameIndexParts(keys));
}

export function nameIndexParts(keys: string[]): NameIndexParts {
  const gramIds = new Map<number, number>();
  // Each key's bigram ids (NameIndexParts.keyGrams) built in typed arrays, and the postings below by a counting
  // sort: with an array per (bigram, length) grown by push, the ru pack's 22,906 keys took 140–194 ms of the
  // resolver's ~0.5 s start (run once a process, in the parallel resolver's workers too, before the JIT has
  // optimised anything).
  let room = 0;
  let longest = 0;
  for (const key of keys) {
    room += key.length + 1;
    if (key.length > longest) longest = key.length;
  }
  const allGrams = new Int32Array(room);
  const gramStart = new Int32Array(keys.length + 1);
  const scratch: number[] = [];
  let at = 0;
  for (let id = 0; id < keys.length; id += 1) {
    const key = keys[id];
    gramStart[id] = at;
    const n = bigramCodes(key, scratch);
    for (let g = 0; g < n; g += 1) {
      let gramId = gramIds.get(scratch[g]);
      if (gramId === undefined) gramIds.set(scratch[g], (gramId = gramIds.size));
      // Insertion sort: a key has a dozen bigrams.
      let j = at + g - 1;
      for (; j >= at && allGrams[j] > gramId; j -= 1) allGrams[j + 1] = allGrams[j];
      allGrams[j + 1] = gramId;
    }
    at += n;
  }
  gramStart[keys.length] = at;
  const keyGrams = allGrams.slice(0, at);

  // Postings per bigram and key length (see nameIndexOf), by a counting sort.
  const lengths = longest + 1;
  const postingStart = new Int32Array(gramIds.size * lengths + 1);
  for (let id = 0; id < keys.length; id += 1) {
    const len = keys[id].length;
    for (let j = gramStart[id]; j < gramStart[id + 1]; j += 1) postingStart[keyGrams[j] * lengths + len + 1] += 1;
  }
  for (let s = 1; s < postingStart.length; s += 1) postingStart[s] += postingStart[s - 1];
  const postingIds = new Int32Array(at);
  const fill = postingStart.slice(0, postingStart.length - 1);
  for (let id = 0; id < keys.length; id += 1) {
    const len = keys[id].length;
    for (let j = gramStart[id]; j < gramStart[id + 1]; j += 1) postingIds[fill[keyGrams[j] * lengths + len]++] = id;
  }

  // Deletion neighbourhoods for one-edit search: every key under itself and with each letter
  // dropped in turn. Two strings within one edit (or one swap of neighbours) always share an
  // entry, so most typos are found with a dozen probes and no posting walk at all. Entries are
  // string hashes in an open-addressing table (no strings built); a collision only adds a
  // candidate, which the exact check below discards.
  let entries = 0;
  for (const key of keys) entries += key.length + 1;
  const slots = 1 << Math.ceil(Math.log2(2 * entries + 2));
  const slotHash = new Int32Array(slots);
  const slotKey = new Int32Array(slots).fill(-1);
  let hashes = new Int32Array(64);
  keys.forEach((key, id) => {
    if (hashes.length <= key.length) hashes = new Int32Array(2 * key.length + 2);
    const n = deletionHashes(key, hashes);
    for (let v = 0; v < n; v += 1) {
      let slot = mix(hashes[v]) & (slots - 1);
      while (slotKey[slot] >= 0) slot = (slot + 1) & (slots - 1);
      slotHash[slot] = hashes[v];
      slotKey[slot] = id;
    }
  });
  const gramCodes = new Int32Array(gramIds.size);
  for (const [code, id] of gramIds) gramCodes[id] = code | 0;
  return { gramCodes, keyGrams, gramStart, postingStart, postingIds, slotHash, slotKey };
}

/** The index over `keys` that `parts` (nameIndexParts of the same keys) describe. */
export function nameIndexOf(keys: string[], parts: NameIndexParts): NameIndex {
  const { keyGrams, gramStart, postingStart, postingIds, slotHash, slotKey } = parts;
  const exactMap = new Map<string, number>();
  let longest = 0;
  for (let id = 0; id < keys.length; id += 1) {
    exactMap.set(keys[id], id);
    if (keys[id].length > longest) longest = keys[id].length;
  }
  const gramIds = new Map<number, number>();
  for (let id = 0; id < parts.gramCodes.length; id += 1) gramIds.set(parts.gramCodes[id] >>> 0, id);
  // The ids of the keys of length `len` that hold bigram `gramId` are postingIds[postingStart[s] ..
  // postingStart[s + 1]) with s = gramId · lengths + len, in ascending order: a query only walks the lengths
  // within its edit budget.
  const lengths = longest + 1;
  const slots = slotKey.length;
  let hashes = new Int32Array(64);

  // Scratch space reused by every query (the index is single-threaded, queries never nest).
  const counts = new Uint8Array(keys.length);
  const touched = new Int32Array(keys.length);
  const queryGrams: number[] = [];
  const queryIds = new Int32Array(256);
  const queryWeight = new Int32Array(256);

  /** How many of the query's bigram ids (sorted, in queryIds[0..n)) the key contains. */
  const sharedGrams = (id: number, n: number): number => {
    let shared = 0;
    let i = 0;
    let j = gramStart[id];
    const end = gramStart[id + 1];
    while (i < n && j < end) {
      const a = queryIds[i];
      const b = keyGrams[j];
      if (a === b) shared += 1;
      if (a <= b) i += 1;
      if (b <= a) j += 1;
    }
    return shared;
  };

  return {
    exact: (key) => exactMap.get(key),
    near(key, maxDistance) {
      if (maxDistance === 1) return nearOne(key);
      const n = Math.min(bigramCodes(key, queryGrams), queryIds.length);
      // Each edit breaks at most two bigrams, a transposition three: one bigram of slack for it.
      const needed = Math.max(1, n - 2 * maxDistance - 1);
      const minLength = Math.max(1, key.length - maxDistance);
      const maxLength = Math.min(key.length + maxDistance, longest);
      // Postings walked per bigram within the length window; bigrams no key has weigh nothing
      // (id −1, which no key shares).
      for (let g = 0; g < n; g += 1) {
        const gramId = gramIds.get(queryGrams[g]) ?? -1;
        let weight = 0;
        if (gramId >= 0 && minLength <= maxLength) weight = postingStart[gramId * lengths + maxLength + 1] - postingStart[gramId * lengths + minLength];
        queryIds[g] = gramId;
        queryWeight[g] = weight;
      }
      // Count shared bigrams over all but the `skip` commonest of the query's bigrams ("sk", "a "
      // have thousands of postings, most bigrams a handful): a key within reach still shares
      // `needed − skip` of the rest. The few keys that pass get their full count afterwards.
      sortByWeight(n);
      const skip = Math.min(n - needed, needed - 1, MAX_SKIPPED_BIGRAMS);
      const threshold = needed - skip;
      let count = 0;
      for (let g = 0; g < n - skip; g += 1) {
        if (queryIds[g] < 0 || minLength > maxLength) continue;
        // The window's lengths lie side by side: one run of ids, by length, then id.
        const end = postingStart[queryIds[g] * lengths + maxLength + 1];
        for (let i = postingStart[queryIds[g] * lengths + minLength]; i < end; i += 1) {
          const id = postingIds[i];
          if (counts[id] === 0) touched[count++] = id;
          counts[id] += 1;
        }
      }
      if (skip > 0) sortIds(n);
      const hits: KeyHit[] = [];
      for (let c = 0; c < count; c += 1) {
        const id = touched[c];
        const shared = counts[id];
        counts[id] = 0;
        if (shared < threshold || (skip > 0 && sharedGrams(id, n) < needed)) continue;
        const d = editDistance(key, keys[id], maxDistance);
        if (d <= maxDistance) hits.push({ keyId: id, distance: d });
      }
      return hits;
    }
  };

  /**
   * near(key, 1) through the deletion neighbourhoods. The bigram-count rule of the general search
   * still applies, so both find exactly the same keys.
   */
  function nearOne(key: string): KeyHit[] {
    const n = Math.min(bigramCodes(key, queryGrams), queryIds.length);
    const needed = Math.max(1, n - 3);
    for (let g = 0; g < n; g += 1) queryIds[g] = gramIds.get(queryGrams[g]) ?? -1;
    sortIds(n);
    let count = 0;
    if (hashes.length <= key.length) hashes = new Int32Array(2 * key.length + 2);
    const variants = deletionHashes(key, hashes);
    for (let v = 0; v < variants; v += 1) {
      const hash = hashes[v];
      for (let slot = mix(hash) & (slots - 1); slotKey[slot] >= 0; slot = (slot + 1) & (slots - 1)) {
        const id = slotKey[slot];
        if (slotHash[slot] === hash && counts[id] === 0) {
          counts[id] = 1;
          touched[count++] = id;
        }
      }
    }
    const hits: KeyHit[] = [];
    for (let c = 0; c < count; c += 1) {
      const id = touched[c];
      counts[id] = 0;
      if (sharedGrams(id, n) < needed) continue;
      const d = editDistance(key, keys[id], 1);
      if (d <= 1) hits.push({ keyId: id, distance: d });
    }
    return hits;
  }

  /** Insertion sort of the query's bigrams by posting weight, rarest first (n is a dozen). */
  function sortByWeight(n: number): void {
    for (let i = 1; i < n; i += 1) {
      const id = queryIds[i];
      const w = queryWeight[i];
      let j = i - 1;
      for (; j >= 0 && queryWeight[j] > w; j -= 1) {
        queryIds[j + 1] = queryIds[j];
        queryWeight[j + 1] = queryWeight[j];
      }
      queryIds[j + 1] = id;
      queryWeight[j + 1] = w;
    }
  }

  /** Sorts queryIds[0..n) ascending, to merge with a key's sorted bigram ids. */
  function sortIds(n: number): void {
    for (let i = 1; i < n; i += 1) {
      const id = queryIds[i];
      let j = i - 1;
      for (; j >= 0 && queryIds[j] > id; j -= 1) queryIds[j + 1] = queryIds[j];
      queryIds[j + 1] = id;
    }
  }
}

/** Levenshtein, except that swapped letters are one slip, not two (refined with OSA near the limit). */
function editDistance(query: string, candidate: string, maxDistance: number): number {
  const d = distance(query, candidate);
  return d >= 2 && d <= maxDistance + 1 ? Math.min(d, transpositionDistance(query, candidate)) : d;
}

// Rows of the OSA matrix, grown on demand and reused: this runs for every near miss.
let rowPrev2 = new Int32Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
export function transpositionDistance(a: string, b: string): number {
  const n = b.length;
  if (rowCur.length <= n) {
    rowPrev2 = new Int32Array(2 * n + 2);
    rowPrev = new Int32Array(2 * n + 2);
    rowCur = new Int32Array(2 * n + 2);
  }
  let prev2 = rowPrev2;
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= n; j += 1) prev[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n];
}
