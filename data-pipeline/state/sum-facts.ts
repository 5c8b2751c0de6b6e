/**
 * The second half of a build with a state: every source has brought its facts up to date (read-source.ts), and
 * they are summed into the cubes in config order — all of them, or, when a long-lived process kept the sums of
 * the last build (kept-sums.ts), only the difference: the appended rows, and the facts that came less those that
 * went in a source read again or changed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Dictionary } from '../cube/dictionary.ts';
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
  try {
    return await summed(conn, state, sources, stages, kept, networkPeriod);
  } finally {
    for (const src of sources) if ('read' in src && src.read.change.kind === 'changed') await state.dropDiff(src.read.change.diff);
  }
}

async function summed(conn: DuckDBConnection, state: BuildState, sources: readonly StateSource[], stages: RegistrationStages, kept: KeptSums | null, networkPeriod: number): Promise<SummedSources> {
  const why = kept ? await whyNotKept(conn, state, sources, kept, networkPeriod) : 'no sums kept in this process or in the state';
  const counts: RegistrationCounts[] = [];
  const summer = new GroupSummer(stages);
  if (why === '') {
    await kept!.restoreInto(stages);
    let came = 0;
    let went = 0;
    for (const [s, src] of sources.entries()) {
      if ('pushdown' in src) throw new Error(`kept sums with a pushdown source (${src.name})`); // ruled out by whyNotKept
      const { change, rejected } = src.read;
      let added = 0;
      let taken = 0;
      if (change.kind === 'appended') added = await sumFactGroups(conn, state.factsAfter(s, change.after), src.name, summer);
      if (change.kind === 'changed') {
        added = await sumFactGroups(conn, change.diff.came, src.name, summer);
        taken = await sumFactGroups(conn, change.diff.gone, src.name, summer, -1);
      }
      came += added;
      went += taken;
      const accepted = kept!.accepted[s] + added - taken;
      counts.push({ read: accepted + rejected, accepted, rejected });
    }
    // A spelling whose rows all went is one a full build never met.
    stages.spellings.forgetUncounted();
    return { counts, kept: true, how: `the last build's sums kept, ${fmt(came)} accepted row(s) added and ${fmt(went)} taken out` };
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

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Why the kept sums cannot be added to ('' when they can). */
async function whyNotKept(conn: DuckDBConnection, state: BuildState, sources: readonly StateSource[], kept: KeptSums, networkPeriod: number): Promise<string> {
  if (kept.used) return 'a build that failed took them over';
  if (kept.stateId !== state.previousId) return 'the state is not the one they were summed from';
  if (kept.networkPeriod !== networkPeriod) return 'a headquarters opened or closed since';
  if (!(await kept.readable())) return "the state's sums file could not be read";
  let changed = false;
  for (const [s, src] of sources.entries()) {
    if ('pushdown' in src) return `${src.name} is read in pushdown mode`;
    const change = src.read.change;
    if (change.kind === 'rewritten') return `${src.name} was read again without a difference taken`;
    if (change.kind === 'changed') changed = true;
    if (change.kind !== 'appended') continue;
    const cells = (await conn.runAndReadAll(`SELECT DISTINCT source_cell FROM ${state.factsAfter(s, change.after)}`)).getRows();
    const fresh = cells.map((r) => sourceValue(String(r[0]), src.name)).find((v) => !kept.hasSource(v));
    if (fresh !== undefined) return `${src.name} brought a new source value`;
  }
  if (changed && !kept.hasSourcesInOrder(await sourceValuesInOrder(conn, sources.map((s) => s.name)))) return 'a change moved or removed a source value';
  return '';
}

/** As the validator reads the source column: trimmed, the source's name when empty (cube/fact-groups.ts). */
const sourceValue = (cell: string, sourceName: string): string => cell.trim() || sourceName;

/**
 * The source dimension a full build of the state's facts makes: the sources' names, then each source's values
 * in the order their first rows come, sources in config order (cube/fact-groups.ts registers them so).
 */
async function sourceValuesInOrder(conn: DuckDBConnection, names: readonly string[]): Promise<readonly string[]> {
  const dict = new Dictionary(names, Number.MAX_SAFE_INTEGER);
  const rows = (await conn.runAndReadAll('SELECT src, source_cell, min(row) AS first FROM state.facts GROUP BY ALL ORDER BY src, first')).getRows();
  for (const [src, cell] of rows) dict.get(sourceValue(String(cell), names[Number(src)]));
  return dict.values;
}
