/**
 * The city resolver's match keys of a pack's names, cached in the work folder. Building a resolver runs ~30k
 * names (cities, alternates, aliases, foreign names) through normalizeText and matchKey, most of the build's
 * `load config` step; the keys depend only on the pack's files and on the text rules, so a build reads them
 * back instead.
 *
 * The file (`city-keys-<pack>.json`) holds rules-hash.ts's hash of the pack and the rules' sources beside
 * the keys: a file of another pack version or other rules is stale, and a missing, stale or unreadable file is
 * rebuilt — the resolver is then built as without a cache, and its keys written for the next build.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../../geo/pack.ts';
import { createCityResolver, type CityResolver } from './city-resolver.ts';
import { rulesHash } from './rules-hash.ts';

interface KeyFile {
  hash: string;
  names: string[];
  keys: string[];
}

function readKeys(file: string, hash: string): Map<string, string> | null {
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    if (cached.hash !== hash || cached.names.length !== cached.keys.length) return null;
    return new Map(cached.names.map((name, i) => [name, cached.keys[i]]));
  } catch {
    return null;
  }
}

/** Writes to a temporary name first: a build stopped halfway leaves no truncated cache. */
function writeKeys(file: string, hash: string, keys: Map<string, string>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ hash, names: [...keys.keys()], keys: [...keys.values()] } satisfies KeyFile));
  renameSync(temporary, file);
}

/** createCityResolver with the pack's match keys cached in `workDir` (an existing folder). */
export function createCachedCityResolver(pack: Pack, workDir: string): CityResolver {
  const hash = rulesHash(pack);
  if (!hash) return createCityResolver(pack);
  const file = join(workDir, `city-keys-${pack.code}.json`);
  const cached = readKeys(file, hash);
  const keys = cached ?? new Map<string, string>();
  const resolver = createCityResolver(pack, keys);
  if (!cached) writeKeys(file, hash, keys);
  return resolver;
}
