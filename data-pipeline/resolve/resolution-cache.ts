/**
 * The city resolver's answers, kept in the work folder between builds: a campaign's spellings barely change from
 * one run to the next (37,837 distinct ones in the 1M demo, resolved in ~2.5 s), so a build resolves only the
 * spellings it has not met before — what lets a scheduled build of a live campaign stay fast.
 *
 * `city-resolutions-<pack>.jsonl` starts with rules-hash.ts's hash of the pack and the rules, then holds one answer
 * per line: any change to the pack or the rules makes the file stale, and a missing, stale or unreadable file is
 * simply rebuilt. It holds the spellings the last build met (free text typed by registrants), so it lives in the
 * private work folder, like rejects.csv and unresolved-cities.csv; it is written only after a publish — in full by a
 * build that looked every spelling up, by appending the new answers after one that added new rows to kept sums.
 */
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../../geo/pack.ts';
import type { CityCandidate, CityResolution, CityResolver } from './city-resolver.ts';
import { resolveInParallel, type ResolveJob } from './parallel-resolve.ts';
import { rulesHash } from './rules-hash.ts';

/**
 * The file's first line; each line after it is one answer (`answerLine`) — so that a build which only met new
 * spellings appends them. A file of another `format` is stale, as one of another hash is.
 */
interface FileHead {
  hash: string;
  format: number;
}

const FORMAT = 2;

type CandidateCells = [geonameId: number, city: string, region: string, regionCode: string, score: number];
/**
 * An answer as a line's cells. `candidates` 0 stands for the match alone, as most matched answers have it: the 1M
 * demo's answers as `[input, resolution]` objects took 11.6 MB, read and parsed in 0.2–0.4 s of every repeat
 * build's `load config`; as cells they take 4.2 MB and half the CPU time (medians of 8 alternated, twice: 520–531
 * against 263–303 ms, load 4.4).
 */
type AnswerCells = [input: string, status: CityResolution['status'], geonameId: number | null, city: string | null, region: string | null, regionCode: string | null, score: number, candidates: CandidateCells[] | 0];

const candidateCells = (c: CityCandidate): CandidateCells => [c.geonameId, c.city, c.region, c.regionCode, c.score];
const candidateOf = ([geonameId, city, region, regionCode, score]: CandidateCells): CityCandidate => ({ geonameId, city, region, regionCode, score });

/** The answer's line in the file (its newline included). */
export function answerLine(input: string, a: CityResolution): string {
  const only = a.candidates.length === 1 ? a.candidates[0] : null;
  const matchAlone = a.status === 'matched' && only !== null && a.geonameId === only.geonameId && a.city === only.city && a.region === only.region && a.regionCode === only.regionCode && a.score === only.score;
  const cells: AnswerCells = [input, a.status, a.geonameId, a.city, a.region, a.regionCode, a.score, matchAlone ? 0 : a.candidates.map(candidateCells)];
  return `${JSON.stringify(cells)}\n`;
}

/** The input and answer of a line written by answerLine. */
export function parseAnswerLine(line: string): [string, CityResolution] {
  const [input, status, geonameId, city, region, regionCode, score, candidates] = JSON.parse(line) as AnswerCells;
  const alone = (): CityCandidate[] => [{ geonameId: geonameId!, city: city!, region: region!, regionCode: regionCode!, score }];
  return [input, { input, status, geonameId, city, region, regionCode, score, candidates: candidates === 0 ? alone() : candidates.map(candidateOf) }];
}

const NEWLINE = 0x0a;
const BRACKET = 0x5b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The file's answers by spelling. A line is parsed when its spelling is first asked for, or by `parseAll`: a build
 * that adds rows to kept sums asks for a few hundred of the 1M demo's 31,431 (indexing the lines by spelling took
 * 46–82 ms against 132–310 ms to parse them all, the first in a fresh process the slowest), and a full build
 * parses them all while DuckDB scans its first CSV file, with this thread otherwise idle. A line not yet parsed
 * stays bytes of the file: only its spelling is decoded, since decoding the whole 4.2 MB file (mostly Cyrillic, so
 * a two-byte string) took 38–112 ms of a build process's start. A line that does not parse is no answer: its
 * spelling is resolved afresh.
 */
class KnownAnswers {
  /** An answer, or for a lazy line not yet parsed its number in `starts`/`ends`. */
  private readonly byInput = new Map<string, CityResolution | number>();
  private bytes: Buffer = Buffer.alloc(0);
  private starts: number[] = [];
  private ends: number[] = [];

  /** The answer lines of the file's `bytes` (answerLine's), from `from` on; called once, before any other method. */
  load(bytes: Buffer, from: number): void {
    this.bytes = bytes;
    for (let at = from; at < bytes.length; ) {
      let end = bytes.indexOf(NEWLINE, at);
      if (end < 0) end = bytes.length;
      this.addLine(at, end);
      at = end + 1;
    }
  }

  private addLine(start: number, end: number): void {
    const bytes = this.bytes;
    try {
      // The spelling is the line's first JSON string: taken as its bytes stand unless it holds an escape.
      if (end - start < 2 || bytes[start] !== BRACKET || bytes[start + 1] !== QUOTE) return;
      const close = bytes.indexOf(QUOTE, start + 2);
      if (close < 0 || close >= end) return;
      let escaped = false;
      for (let i = start + 2; i < close && !escaped; i++) escaped = bytes[i] === BACKSLASH;
      const input = escaped ? (JSON.parse(bytes.toString('utf8', start, end)) as [string])[0] : bytes.toString('utf8', start + 2, close);
      this.byInput.set(input, this.starts.length);
      this.starts.push(start);
      this.ends.push(end);
    } catch {
      // the empty last line, or one a crash cut short: that spelling is resolved afresh
    }
  }

  private lineText(k: number): string {
    return this.bytes.toString('utf8', this.starts[k], this.ends[k]);
  }

  set(input: string, answer: CityResolution): void {
    this.byInput.set(input, answer);
  }

  has(input: string): boolean {
    return this.get(input) !== undefined;
  }

  get(input: string): CityResolution | undefined {
    const known = this.byInput.get(input);
    return typeof known === 'number' ? this.parse(input, known) : known;
  }

  /** Parses every line not yet asked for. */
  parseAll(): void {
    for (const [input, known] of this.byInput) if (typeof known === 'number') this.parse(input, known);
  }

  private parse(input: string, line: number): CityResolution | undefined {
    try {
      const answer = parseAnswerLine(this.lineText(line))[1];
      this.byInput.set(input, answer);
      return answer;
    } catch {
      this.byInput.delete(input);
      return undefined;
    }
  }

  get size(): number {
    return this.byInput.size;
  }

  /** Every answer's line, newline included; a line never parsed as it was read. */
  *lines(): Iterable<string> {
    for (const [input, known] of this.byInput) yield typeof known === 'number' ? `${this.lineText(known)}\n` : answerLine(input, known);
  }
}

export interface CachedResolver extends CityResolver {
  /** Answers taken from the file / computed in this build. */
  readonly hits: number;
  readonly misses: number;
  /**
   * Writes this build's answers (those it asked for) for the next build; with `earlier`, the answers of earlier
   * builds in this process too (a build that added new rows to kept sums asked only for the new spellings).
   */
  save(earlier?: boolean): void;
  /**
   * Parses now every answer of the file not yet asked for: for a build that will ask for most of them, while this
   * thread would otherwise wait (pipeline.ts: during DuckDB's scan of the first CSV file).
   */
  parseAll(): void;
  /**
   * Starts another build in the same process (build-resources.ts): the answers so far are known, the counts and
   * the answers to save start afresh.
   */
  nextBuild(): void;
}

/**
 * `makeInner` builds the resolver on the first spelling the file does not answer: a build of unchanged spellings
 * never needs it, and building it (its name index, from cached match keys) took 0.44–0.55 s of the 1M demo's
 * `load config`. `parallel`: how a worker thread builds the same resolver (none: every answer on this thread).
 * The file's answers are parsed as they are asked for, or all at once by `parseAll` (KnownAnswers). The few
 * spellings a build adding rows to kept sums adds are answered by a resolver this thread builds (0.23–0.24 s
 * since its name index and entries were made cheaper): a worker building one from the start cost about 1.1 s of
 * CPU (tsx and the modules loaded again in it) on two busy cores, and a `build` process adding 10,000 rows to the
 * 1M demo took 3.45–3.76 s with it against 3.16–3.80 s without (median 3.56 → 3.39 s, 7.25 → 6.45 s of CPU; 8
 * rounds alternated, load 0.9–2.4).
 */
export function withResolutionCache(makeInner: () => CityResolver, pack: Pack, workDir: string, parallel?: ResolveJob): CachedResolver {
  let built: CityResolver | null = null;
  const inner = (): CityResolver => (built ??= makeInner());
  const hash = rulesHash(pack);
  const file = join(workDir, `city-resolutions-${pack.code}.jsonl`);
  const known = new KnownAnswers();
  // Whether the file holds answers for this hash, so that new ones can be appended to it.
  let current = false;
  if (hash) {
    try {
      const bytes = readFileSync(file);
      const headEnd = bytes.indexOf(NEWLINE);
      const head = JSON.parse(bytes.toString('utf8', 0, headEnd < 0 ? bytes.length : headEnd)) as FileHead;
      if (head.hash === hash && head.format === FORMAT) {
        current = true;
        known.load(bytes, headEnd < 0 ? bytes.length : headEnd + 1);
      }
    } catch {
      // missing or unreadable: resolved afresh
    }
  }
  let used = new Map<string, CityResolution>();
  let fresh = new Map<string, CityResolution>();
  // Answers resolved ahead (resolveAhead), each taken by its spelling's first `resolve`.
  const ahead = new Map<string, CityResolution>();
  const lineOf = ([input, answer]: [string, CityResolution]): string => answerLine(input, answer);
  const cache = {
    hits: 0,
    misses: 0,
    resolve(input: string): CityResolution {
      let answer = known.get(input);
      if (answer) cache.hits++;
      else {
        answer = ahead.get(input) ?? inner().resolve(input);
        ahead.delete(input);
        fresh.set(input, answer);
        cache.misses++;
      }
      used.set(input, answer);
      return answer;
    },
    async resolveAhead(inputs: readonly string[]): Promise<void> {
      if (!parallel) return;
      const unknown = inputs.filter((input) => !known.has(input) && !ahead.has(input));
      if (unknown.length === 0) return;
      for (const [input, answer] of await resolveInParallel(unknown, inner(), parallel)) ahead.set(input, answer);
    },
    parseAll(): void {
      known.parseAll();
    },
    nextBuild(): void {
      for (const [input, answer] of fresh) known.set(input, answer);
      used = new Map();
      fresh = new Map();
      cache.hits = 0;
      cache.misses = 0;
    },
    save(earlier = false): void {
      // Nothing new and nothing gone (a scheduled build of unchanged spellings): the file already says it all.
      if (!hash || (cache.misses === 0 && (earlier || used.size === known.size))) return;
      // Only new answers, none gone: appended (a line each), not the whole file written again.
      if (earlier && current) {
        appendFileSync(file, [...fresh].map(lineOf).join(''));
        return;
      }
      const temporary = `${file}.${process.pid}.tmp`;
      const lines = earlier ? [...known.lines(), ...[...fresh].map(lineOf)] : [...used].map(lineOf);
      writeFileSync(temporary, JSON.stringify({ hash, format: FORMAT } satisfies FileHead) + '\n' + lines.join(''));
      renameSync(temporary, file);
      current = true;
    }
  };
  return cache;
}
