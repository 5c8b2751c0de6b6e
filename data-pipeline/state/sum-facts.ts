/**
 * The second half of a build with a state: every source has brought its facts up to date (read-source.ts), and
 * they are summed into the cubes in config order — all of them, or, when a long-lived process kept the sums of
 * the last build (kept-sums.ts) and the sources only grew, just the appended rows on top of those.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sumFactGroups } from '../cube/fact-groups.ts';
import type { RegistrationCounts, RegistrationStages } from '../cube/registrations.ts';
import { GroupSummer } from '../cube/sum-groups.ts';
import type { BuildState } from './build-state.ts';
import type { KeptSums } from './kept-sums.ts';
import type { SourceRead } from './read-source.ts';

/** A source of this build: its facts read into the state, or a pushdown source, summed as the database groups it. */
export type StateSource = { name: string; read: SourceRead } | { name: string; pushdown: () => Promise<RegistrationCounts> };

export interface SummedSources {
  /** Per source, in config order, as a full build counts them. */
  counts: RegistrationCounts[];
  /** Whether the kept sums were added to (else every fact was summed). */
  kept: boolean;
  /** What was summed, for the build log. */
  how: string;
}

export async function sumStateSources(conn: DuckDBConnection, state: BuildState, sources: readonly StateSource[], stages: RegistrationStages, kept: KeptSums | null, networkPeriod: number): Promise<SummedSources> {
  const why = kept ? await whyNotKept(conn, state, sources, kept, networkPeriod) : 'no sums kept in this process';
  const counts: RegistrationCounts[] = [];
  const summer = new GroupSummer(stages);
  if (why === '') {
    kept!.restoreInto(stages);
    let added = 0;
    for (const [s, src] of sources.entries()) {
      if ('pushdown' in src) throw new Error(`kept sums with a pushdown source (${src.name})`); // ruled out by whyNotKept
      const read = src.read;
      const tail = read.change.kind === 'appended' ? await sumFactGroups(conn, state.factsAfter(s, read.change.after), src.name, summer) : 0;
      added += tail;
      const accepted = kept!.accepted[s] + tail;
      counts.push({ read: accepted + read.rejected, accepted, rejected: read.rejected });
    }
    return { counts, kept: true, how: `the last build's sums kept, ${added.toLocaleString('en-US')} new accepted row(s) added` };
  }
  for (const [s, src] of sources.entries()) {
    if ('pushdown' in src) {
      counts.push(await src.pushdown());
      continue;
    }
    const accepted = await sumFactGroups(conn, state.factsOf(s), src.name, summer);
    counts.push({ read: accepted + src.read.rejected, accepted, rejected: src.read.rejected });
  }
  return { counts, kept: false, how: `every fact summed (${why})` };
}

/** Why the kept sums cannot be added to ('' when they can). */
async function whyNotKept(conn: DuckDBConnection, state: BuildState, sources: readonly StateSource[], kept: KeptSums, networkPeriod: number): Promise<string> {
  if (kept.used) return 'a build that failed took them over';
  if (kept.stateId !== state.previousId) return 'the state is not the one they were summed from';
  if (kept.networkPeriod !== networkPeriod) return 'a headquarters opened or closed since';
  for (const [s, src] of sources.entries()) {
    if ('pushdown' in src) return `${src.name} is read in pushdown mode`;
    const change = src.read.change;
    if (change.kind === 'rewritten') return `${src.name} was read again in full or changed`;
    if (change.kind !== 'appended') continue;
    const cells = (await conn.runAndReadAll(`SELECT DISTINCT source_cell FROM ${state.factsAfter(s, change.after)}`)).getRows();
    // As the validator reads the column: trimmed, the source's name when empty (cube/fact-groups.ts).
    const fresh = cells.map((r) => String(r[0]).trim() || src.name).find((v) => !kept.hasSource(v));
    if (fresh !== undefined) return `${src.name} brought a new source value`;
  }
  return '';
}
