/**
 * The city resolver's answers, kept in the work folder between builds: a campaign's spellings barely change from
 * one run to the next (37,837 distinct ones in the 1M demo, resolved in ~2.5 s), so a build resolves only the
 * spellings it has not met before — what lets a scheduled build of a live campaign stay fast.
 *
 * `city-resolutions-<pack>.json` holds rules-hash.ts's hash of the pack and the rules beside the answers: any change to either makes the file stale, and a missing, stale or unreadable
 * file is simply rebuilt. It holds the spellings the last build met (free text typed by registrants), so it lives
 * in the private work folder, like rejects.csv and unresolved-cities.csv; it is written only after a publish.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../../geo/pack.ts';
import type { CityResolution, CityResolver } from './city-resolver.ts';
import { rulesHash } from './rules-hash.ts';

interface ResolutionFile {
  hash: string;
  answers: Array<[string, CityResolution]>;
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

export function withResolutionCache(inner: CityResolver, pack: Pack, workDir: string): CachedResolver {
  const hash = rulesHash(pack);
  const file = join(workDir, `city-resolutions-${pack.code}.json`);
  let known = new Map<string, CityResolution>();
  if (hash) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as ResolutionFile;
      if (cached.hash === hash) known = new Map(cached.answers);
    } catch {
      // missing or unreadable: resolved afresh
    }
  }
  let used = new Map<string, CityResolution>();
  const cache = {
    hits: 0,
    misses: 0,
    resolve(input: string): CityResolution {
      let answer = known.get(input);
      if (answer) cache.hits++;
      else {
        answer = inner.resolve(input);
        cache.misses++;
      }
      used.set(input, answer);
      return answer;
    },
    nextBuild(): void {
      for (const [input, answer] of used) known.set(input, answer);
      used = new Map();
      cache.hits = 0;
      cache.misses = 0;
    },
    save(earlier = false): void {
      // Nothing new and nothing gone (a scheduled build of unchanged spellings): the file already says it all.
      if (!hash || (cache.misses === 0 && (earlier || used.size === known.size))) return;
      const temporary = `${file}.${process.pid}.tmp`;
      const answers = earlier ? new Map([...known, ...used]) : used;
      writeFileSync(temporary, JSON.stringify({ hash, answers: [...answers] } satisfies ResolutionFile));
      renameSync(temporary, file);
    }
  };
  return cache;
}
