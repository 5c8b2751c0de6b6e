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
   * Starts another build in the same process (build-resources.ts): the answers so far are known, the counts and
   * the answers to save start afresh.
   */
  nextBuild(): void;
}

/**
 * `makeInner` builds the resolver on the first spelling the file does not answer: a build of unchanged spellings
 * never needs it, and building it (its name index, from cached match keys) took 0.44–0.55 s of the 1M demo's
 * `load config`. `parallel`: how a worker thread builds the same resolver (none: every answer on this thread).
 */
export function withResolutionCache(makeInner: () => CityResolver, pack: Pack, workDir: string, parallel?: ResolveJob): CachedResolver {
  let built: CityResolver | null = null;
  const inner = (): CityResolver => (built ??= makeInner());
  const hash = rulesHash(pack);
  const file = join(workDir, `city-resolutions-${pack.code}.jsonl`);
  let known = new Map<string, CityResolution>();
  // Whether the file holds answers for this hash, so that new ones can be appended to it.
  let current = false;
  if (hash) {
    try {
      const lines = readFileSync(file, 'utf8').split('\n');
      const head = JSON.parse(lines[0]) as FileHead;
      if (head.hash === hash && head.format === FORMAT) {
        current = true;
        for (const line of lines.slice(1)) {
          try {
            const [input, answer] = parseAnswerLine(line);
            known.set(input, answer);
          } catch {
            // the empty last line, or one a crash cut short: that spelling is resolved afresh
          }
        }
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
      const answers = earlier ? new Map([...known, ...fresh]) : used;
      writeFileSync(temporary, JSON.stringify({ hash, format: FORMAT } satisfies FileHead) + '\n' + [...answers].map(lineOf).join(''));
      renameSync(temporary, file);
      current = true;
    }
  };
  return cache;
}
