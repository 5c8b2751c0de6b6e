/**
 * What a long-lived process (`tallyboard watch`) keeps from one build to the next instead of loading it again:
 * per pack, the pack itself and the city resolver with its match keys, and per (pack, work folder) the resolver's
 * answers (resolve/resolution-cache.ts) — about a second of every build on the 1M demo — and per work folder the
 * registrations its last build summed (state/kept-sums.ts), and the hashes of the input files it read. The pack's files are part
 * of the installed program: a new version of them comes with a restart.
 */
import { loadPack, type Pack } from '../geo/pack.ts';
import { createCachedCityResolver } from './resolve/resolver-image.ts';
import { FileHashes } from './state/file-hashes.ts';
import type { KeptSums } from './state/kept-sums.ts';
import { withResolutionCache, type CachedResolver } from './resolve/resolution-cache.ts';

export class BuildResources {
  private readonly packs = new Map<Pack['code'], Pack>();
  private readonly resolvers = new Map<string, CachedResolver>();
  private readonly sums = new Map<string, KeptSums>();
  /** The files this process hashed, so an unchanged one is not read again (state/file-hashes.ts). */
  readonly fileHashes = new FileHashes();

  pack(code: Pack['code']): Pack {
    let pack = this.packs.get(code);
    if (!pack) this.packs.set(code, (pack = loadPack(code)));
    return pack;
  }

  /** The resolver for a pack and work folder, ready for a new build (its counts and kept answers start afresh). */
  resolver(pack: Pack, workDir: string): CachedResolver {
    const key = `${pack.code}\u0000${workDir}`;
    let resolver = this.resolvers.get(key);
    if (!resolver) this.resolvers.set(key, (resolver = withResolutionCache(() => createCachedCityResolver(pack, workDir), pack, workDir, { pack: pack.code, workDir })));
    else resolver.nextBuild();
    return resolver;
  }

  /** The registrations summed by the last build into `workDir` that this process published (null: none). */
  keptSums(workDir: string): KeptSums | null {
    return this.sums.get(workDir) ?? null;
  }

  keepSums(workDir: string, sums: KeptSums): void {
    this.sums.set(workDir, sums);
  }
}
