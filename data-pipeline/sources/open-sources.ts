/**
 * Turns the config's `sources` into RegistrationSources, dispatching on `kind`:
 *   csv      → sources/csv-source.ts (createCsvSource), with the profile inline or loaded from a JSON file;
 *   osdi     → sources/osdi/people.ts (createOsdiSource(cfg)), the OSDI API;
 *   postgres → sources/postgres.ts (createPostgresSource(cfg)), a PostgreSQL table.
 * The OSDI and PostgreSQL readers are loaded lazily (on first read), so a CSV-only campaign never pays for
 * `pg`, and a checkout without them fails only when such a source is configured ("not available yet").
 */
import type { CampaignConfig, SourceConfig } from '../config/campaign.ts';
import { loadProfile } from '../config/load-config.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { createCsvSource } from './csv-source.ts';
import type { RawRecord, RegistrationSource } from './types.ts';

/** What an incremental build asks of a PostgreSQL or OSDI source (state/read-source.ts). */
export interface ChangedSince {
  /** The last build's watermark: read only the rows changed since (PostgreSQL with `updatedAtColumn`, OSDI). */
  since: string;
  /** PostgreSQL: the table's row count, in the snapshot the changed rows are read in. */
  onTableRows?: (rows: number) => void;
}

type Factory = (cfg: SourceConfig, env: NodeJS.ProcessEnv, options: { since?: string; modifiedSince?: string; onTableRows?: (rows: number) => void }) => RegistrationSource;

async function loadFactory(file: string, exportName: string, kind: string): Promise<Factory> {
  let mod: Record<string, unknown>;
  try {
    mod = (await (file === './osdi/people.ts' ? import('./osdi/people.ts') : import('./postgres.ts'))) as unknown as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new FatalInputError(`sources: kind "${kind}" is not available yet (${file.replace(/^\.\//, 'data-pipeline/sources/')} is missing)`);
    }
    throw e;
  }
  const factory = mod[exportName];
  if (typeof factory !== 'function') throw new FatalInputError(`sources: kind "${kind}" is not available yet (${file} has no ${exportName})`);
  return factory as Factory;
}

function lazySource(cfg: SourceConfig, file: string, exportName: string, env: NodeJS.ProcessEnv, changes?: ChangedSince): RegistrationSource {
  let opened: RegistrationSource | null = null;
  return {
    name: cfg.name,
    async *records(): AsyncGenerator<RawRecord> {
      const factory = await loadFactory(file, exportName, cfg.kind);
      opened = factory(cfg, env, changes ? { since: changes.since, modifiedSince: changes.since, onTableRows: changes.onTableRows } : {});
      yield* opened.records();
    },
    watermark: () => opened?.watermark?.() ?? null
  };
}

/**
 * A PostgreSQL or OSDI source, reading every row, or with `changes` only those changed since a watermark. `env`
 * holds the variables the config names (URL, token).
 */
export function openRowSource(cfg: Exclude<SourceConfig, { kind: 'csv' }>, env: NodeJS.ProcessEnv, changes?: ChangedSince): RegistrationSource {
  const [file, factory] = cfg.kind === 'osdi' ? ['./osdi/people.ts', 'createOsdiSource'] : ['./postgres.ts', 'createPostgresSource'];
  return lazySource(cfg, file, factory, env, changes);
}

export function openSources(config: CampaignConfig, configDir: string, env: NodeJS.ProcessEnv = process.env): RegistrationSource[] {
  return config.sources.map((cfg, i) => {
    switch (cfg.kind) {
      case 'csv':
        return createCsvSource({ name: cfg.name, path: cfg.path, profile: loadProfile(cfg.profile, configDir, `/sources/${i}/profile`) }, configDir);
      case 'osdi':
      case 'postgres':
        return openRowSource(cfg, env);
      default:
        throw new FatalInputError(`sources: /sources/${i}/kind: unknown source kind "${(cfg as { kind: string }).kind}"`);
    }
  });
}
