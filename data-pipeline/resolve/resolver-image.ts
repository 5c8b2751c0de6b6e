/**
 * The city resolver as built from a pack, saved in the work folder (`city-resolver-<pack>.bin`) and restored by the
 * next build: its match keys, what each leads to, and its name index, as strings and typed arrays
 * (city-resolver.ts ResolverParts). Building one runs ~30k names through normalizeText and matchKey and indexes
 * their keys, 0.32–0.39 s in a fresh process for the ru pack (even with the keys cached, as this file did
 * before); restoring it takes a read of the file and the maps of its strings. A build that resolves only the
 * spellings its saved answers lack (a `build` process adding an hour's rows) waited for it.
 *
 * The file holds rules-hash.ts's hash of the pack and the rules' sources: a file of another pack version or other
 * rules is stale, and a missing, stale or unreadable one is rebuilt (the resolver is then built, and saved for the
 * next build).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../../geo/pack.ts';
import { readColumnsFileSync, writeColumnsFileSync } from '../columns-file.ts';
import { cityResolverOf, createCityResolver, resolverParts, type CityResolver, type ResolverParts } from './city-resolver.ts';
import { rulesHash } from './rules-hash.ts';

/** Bump when ResolverParts changes: an older file is then rebuilt. */
const IMAGE_FORMAT = 1;

interface ImageHeader {
  hash: string;
}

/** The strings, each list joined by newlines (no key or name holds one: a pack that did would not be saved). */
interface ImageBody {
  keys: string;
  plain: string;
}

const COLUMNS = ['cities', 'citiesStart', 'primary', 'primaryStart', 'alias', 'foreignLatin', 'foreignCyrillic', 'plainKey'] as const;
const INDEX_COLUMNS = ['gramCodes', 'keyGrams', 'gramStart', 'postingStart', 'postingIds', 'slotHash', 'slotKey'] as const;

export function imageFile(workDir: string, pack: Pack): string {
  return join(workDir, `city-resolver-${pack.code}.bin`);
}

/** The parts a file saved, or null when it is missing, unreadable, of another format or of another hash. */
export function readResolverImage(file: string, hash: string): ResolverParts | null {
  const image = readColumnsFileSync<ImageHeader, ImageBody>(file, IMAGE_FORMAT);
  if (!image || image.header.hash !== hash || image.columns.length !== COLUMNS.length + INDEX_COLUMNS.length) return null;
  const column = (k: number): Int32Array => image.columns[k];
  const index = Object.fromEntries(INDEX_COLUMNS.map((name, k) => [name, column(COLUMNS.length + k)]));
  return {
    ...(Object.fromEntries(COLUMNS.map((name, k) => [name, column(k)])) as Pick<ResolverParts, (typeof COLUMNS)[number]>),
    keys: image.body.keys.split('\n'),
    plain: image.body.plain.split('\n'),
    index: index as unknown as ResolverParts['index']
  };
}

export function writeResolverImage(file: string, hash: string, parts: ResolverParts): void {
  if (parts.keys.some((k) => k.includes('\n')) || parts.plain.some((p) => p.includes('\n'))) return;
  writeColumnsFileSync<ImageHeader, ImageBody>(file, IMAGE_FORMAT, {
    header: { hash },
    body: { keys: parts.keys.join('\n'), plain: parts.plain.join('\n') },
    columns: [...COLUMNS.map((name) => parts[name]), ...INDEX_COLUMNS.map((name) => parts.index[name])]
  });
}

/** createCityResolver, restored from `workDir` (an existing folder) when it holds this pack's image. */
export function createCachedCityResolver(pack: Pack, workDir: string): CityResolver {
  const hash = rulesHash(pack);
  if (!hash) return createCityResolver(pack);
  const file = imageFile(workDir, pack);
  const saved = readResolverImage(file, hash);
  if (saved) return cityResolverOf(pack, saved);
  const parts = resolverParts(pack);
  try {
    writeResolverImage(file, hash, parts);
    // The match-key cache the image replaced.
    rmSync(join(workDir, `city-keys-${pack.code}.json`), { force: true });
  } catch {
    // A cache: a build that cannot write it (a full disk) resolves all the same, and the next one builds again.
  }
  return cityResolverOf(pack, parts);
}
