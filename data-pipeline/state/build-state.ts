/**
 * The private state an incremental build starts from (README "Incremental builds"), in `WORK/state/`:
 *   state.duckdb   `facts`: one row per accepted registration of each source — its key (state-key.ts), position,
 *                  source cell, city and region text as given, hour, headquarters period and stages (nothing else:
 *                  no names, phones, e-mails or raw ids) — and `delivery_cells`, the deliveries cube of the last log;
 *   state.json     what the facts were derived with (state-fingerprint.ts) and, per source, where the next run
 *                  starts (a CSV file's size and hash, a database's high-water mark);
 *   rejects/       each source's lines of rejects.csv (validate/rejects-file.ts), private as rejects.csv is;
 *   sums.bin       the cubes' sums of these facts (state/kept-sums.ts), for the next build to add to.
 *
 * A build works on a copy (`state.next-<pid>/`), attached to its DuckDB connection as `state`, and `commit` puts
 * the copy in place with two renames, after the publish: a failed build leaves the state as the last good one
 * left it, and a crash between the renames leaves no state, so the next build is a full one. An incremental build
 * republishes everything from the whole state, so a state ahead of the published set is never a problem.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readIntColumns } from '../cube/int-columns.ts';
import { processAlive } from '../process-alive.ts';

/** What summing changes in a source's facts (BuildState.factDiff): temporary tables with FACT_COLUMNS. */
export interface FactDiff {
  gone: string;
  came: string;
}

/** Bump when the tables or the fact columns change: an older state is then rebuilt in full. */
const STATE_VERSION = 1;

/** A relation with these columns, in this order, can become a source's facts. */
export const FACT_COLUMNS = 'key BLOB, row BIGINT, source_cell VARCHAR, city VARCHAR, region VARCHAR, hour INTEGER, period INTEGER, phone BOOLEAN, email BOOLEAN, questionnaire BOOLEAN';
const FACT_NAMES = FACT_COLUMNS.split(', ').map((c) => c.split(' ')[0]);

interface StateFile {
  version: number;
  fingerprint: string;
  /** Names this state: a process that kept sums of it (kept-sums.ts) knows they are still its sums. */
  id?: string;
  watermarks: Record<string, unknown>;
}

export class BuildState {
  /** The checkpoint `checkpointAhead` started, if any. */
  private ahead: Promise<void> | null = null;

  private constructor(
    private readonly conn: DuckDBConnection,
    /** The committed state folder. */
    readonly dir: string,
    /** This build's copy. */
    readonly next: string,
    private readonly fingerprint: string,
    /** Why the previous state was not kept ('' when it was: sources may read only what changed). */
    readonly why: string,
    private readonly watermarks: Record<string, unknown>,
    /** The id of the state this build started from ('' when none was kept). */
    readonly previousId: string
  ) {}

  /** The id this build's state gets when committed. */
  readonly id = randomUUID();

  get kept(): boolean {
    return this.why === '';
  }

  /**
   * Opens `WORK/state` for this build. `fingerprint` names what the facts derive from; a state made with anything
   * else — or `full` — is not kept: the build starts from an empty one.
   */
  static async open(conn: DuckDBConnection, workDir: string, fingerprint: string, full: boolean): Promise<BuildState> {
    removeAbandonedCopies(workDir);
    const next = join(workDir, `state.next-${process.pid}`);
    try {
      return await BuildState.openCopy(conn, workDir, next, fingerprint, full);
    } catch (e) {
      await conn.run('DETACH DATABASE IF EXISTS state').catch(() => undefined);
      rmSync(next, { recursive: true, force: true });
      throw e;
    }
  }

  private static async openCopy(conn: DuckDBConnection, workDir: string, next: string, fingerprint: string, full: boolean): Promise<BuildState> {
    const dir = join(workDir, 'state');
    rmSync(next, { recursive: true, force: true });
    mkdirSync(join(next, 'rejects'), { recursive: true });
    const previous = readStateFile(dir);
    const why = full
      ? '--full'
      : !previous
        ? 'no previous state'
        : previous.version !== STATE_VERSION
          ? 'the state is from another version'
          : previous.fingerprint !== fingerprint
            ? 'the config, a profile, the headquarters or the key changed'
            : '';
    if (!why) {
      copyFileSync(join(dir, 'state.duckdb'), join(next, 'state.duckdb'));
      for (const part of readdirSafe(join(dir, 'rejects'))) copyFileSync(join(dir, 'rejects', part), join(next, 'rejects', part));
    }
    try {
      await conn.run(`ATTACH '${join(next, 'state.duckdb').replace(/'/g, "''")}' AS state`);
    } catch (e) {
      if (why) throw e;
      // A damaged copy is only a cache: start over.
      rmSync(join(next, 'state.duckdb'), { force: true });
      return BuildState.openCopy(conn, workDir, next, fingerprint, true);
    }
    await conn.run(`CREATE TABLE IF NOT EXISTS state.facts (src INTEGER, ${FACT_COLUMNS})`);
    await conn.run('CREATE TABLE IF NOT EXISTS state.delivery_cells (hour INTEGER, channel INTEGER, gateway INTEGER, status INTEGER, count INTEGER)');
    return new BuildState(conn, dir, next, fingerprint, why, why ? {} : previous!.watermarks, why ? '' : (previous!.id ?? ''));
  }

  /**
   * The watermarks the last build left in `WORK/state`, read before the state is opened (what state/hash-ahead.ts
   * guesses from; `open` decides whether they hold).
   */
  static lastWatermarks(workDir: string): Record<string, unknown> {
    return readStateFile(join(workDir, 'state'))?.watermarks ?? {};
  }

  /** Where source `part` stopped reading in the last build (null: nothing kept). */
  watermark<T>(part: string): T | null {
    return (this.watermarks[part] as T | undefined) ?? null;
  }

  setWatermark(part: string, value: unknown): void {
    this.watermarks[part] = value;
  }

  /** The sums file (state/kept-sums.ts): the last build's (read) and this build's (written). */
  get sumsFile(): { previous: string; next: string } {
    return { previous: join(this.dir, 'sums.bin'), next: join(this.next, 'sums.bin') };
  }

  /** The rejects part files: the last build's (read) and this build's (written). */
  rejectsPart(part: string): { previous: string; next: string } {
    return { previous: join(this.next, 'rejects', `${part}.jsonl`), next: join(this.next, 'rejects', `${part}.jsonl.new`) };
  }

  /** Source `src`'s facts, as a relation with FACT_COLUMNS. */
  factsOf(src: number): string {
    return `(SELECT ${FACT_NAMES.join(', ')} FROM state.facts WHERE src = ${src})`;
  }

  /** Source `src`'s facts at positions after `row` (a CSV file's new tail). */
  factsAfter(src: number, row: number): string {
    return `(SELECT ${FACT_NAMES.join(', ')} FROM state.facts WHERE src = ${src} AND row > ${row})`;
  }

  /**
   * Source `src` was read in full: `relation` (FACT_COLUMNS) becomes its facts. Returns their number, and with
   * `diff` what went and came (factDiff).
   */
  async replaceFacts(src: number, relation: string, diff = false): Promise<{ rows: number; diff: FactDiff | null }> {
    const c = this.conn;
    if (diff) await c.run(`CREATE OR REPLACE TEMP TABLE replaced_${src} AS SELECT ${FACT_NAMES.join(', ')} FROM ${this.factsOf(src)}`);
    await c.run(`DELETE FROM state.facts WHERE src = ${src}`);
    const rows = await this.appendFacts(src, relation);
    if (!diff) return { rows, diff: null };
    const d = await this.factDiff(src, `replaced_${src}`, this.factsOf(src));
    await c.run(`DROP TABLE replaced_${src}`);
    return { rows, diff: d };
  }

  /**
   * What summing changes between facts `before` and `after` (relations with FACT_COLUMNS): the facts that went and
   * those that came, as multisets of what is summed (a fact's position is not: a row that moved is no change).
   * Facts are paired by key — unique within a source, since the validator rejects a repeated id — and facts
   * without a key (a source without ids) as multisets (EXCEPT ALL, several times slower: 2.2 s against 0.4 s for
   * the 1M demo's facts). Temporary tables with FACT_COLUMNS, dropped by dropDiff.
   */
  private async factDiff(src: number, before: string, after: string): Promise<FactDiff> {
    const names = FACT_NAMES.slice(2);
    const summed = names.join(', ');
    const diff = { gone: `gone_${src}`, came: `came_${src}` };
    const differs = names.map((n) => `b.${n} IS DISTINCT FROM a.${n}`).join(' OR ');
    const side = (x: string): string => names.map((n) => `${x}.${n} AS ${x}_${n}`).join(', ');
    await this.conn.run(
      `CREATE OR REPLACE TEMP TABLE diff_pairs AS SELECT b.key AS b_key, a.key AS a_key, ${side('b')}, ${side('a')} ` +
        `FROM (SELECT * FROM ${before} WHERE key IS NOT NULL) b FULL JOIN (SELECT * FROM ${after} WHERE key IS NOT NULL) a ON a.key = b.key WHERE ${differs}`
    );
    const table = (name: string, x: string, from: string, less: string): string =>
      `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT NULL::BLOB AS key, 0::BIGINT AS row, ${summed} FROM (` +
      `SELECT ${names.map((n) => `${x}_${n} AS ${n}`).join(', ')} FROM diff_pairs WHERE ${x}_key IS NOT NULL UNION ALL ` +
      `(SELECT ${summed} FROM ${from} WHERE key IS NULL EXCEPT ALL SELECT ${summed} FROM ${less} WHERE key IS NULL))`;
    await this.conn.run(`${table(diff.gone, 'b', before, after)}; ${table(diff.came, 'a', after, before)}; DROP TABLE diff_pairs`);
    return diff;
  }

  async dropDiff(diff: FactDiff): Promise<void> {
    await this.conn.run(`DROP TABLE IF EXISTS ${diff.gone}; DROP TABLE IF EXISTS ${diff.came}`);
  }

  /** Rows read after the last build's (a CSV file's new tail). Returns their number. */
  async appendFacts(src: number, relation: string): Promise<number> {
    return (await this.conn.run(`INSERT INTO state.facts SELECT ${src}, ${FACT_NAMES.join(', ')} FROM ${relation}`)).rowsChanged;
  }

  /**
   * Rows changed since the last build (`relation`, accepted ones) replace the facts with their keys; every key in
   * `touched` (the accepted and rejected rows read) loses its old fact, and with `live` (every key the source still
   * holds) the facts of the others go: deleted at the source. A changed row keeps its first position, so the order
   * in which source values are first met does not depend on when a row changed. Returns what went and came for
   * the sums (factDiff; facts read again exactly as they were — the rows at the high-water mark itself are read
   * every time — are no change), or with `diff` false only whether anything did.
   */
  async upsertFacts(src: number, relation: string, touched: string, live: string | null, diff: boolean): Promise<{ changed: boolean; diff: FactDiff | null }> {
    const c = this.conn;
    await c.run(
      `CREATE OR REPLACE TEMP TABLE upserted AS SELECT r.key, coalesce(f.row, r.row) AS row, ${FACT_NAMES.slice(2).map((n) => `r.${n}`).join(', ')} ` +
        `FROM ${relation} r LEFT JOIN ${this.factsOf(src)} f ON f.key = r.key`
    );
    const replaced = `key IN (SELECT key FROM ${touched})${live ? ` OR key NOT IN (SELECT key FROM ${live})` : ''}`;
    await c.run(`CREATE OR REPLACE TEMP TABLE upsert_before AS SELECT ${FACT_NAMES.join(', ')} FROM ${this.factsOf(src)} WHERE ${replaced}`);
    const d = await this.factDiff(src, 'upsert_before', 'upserted');
    const changed = Number((await c.runAndReadAll(`SELECT (SELECT count(*) FROM ${d.gone}) + (SELECT count(*) FROM ${d.came})`)).getRows()[0][0]) > 0;
    await c.run(`DELETE FROM state.facts WHERE src = ${src} AND (${replaced})`);
    await this.appendFacts(src, 'upserted');
    await c.run('DROP TABLE upserted; DROP TABLE upsert_before');
    if (diff && changed) return { changed, diff: d };
    await this.dropDiff(d);
    return { changed, diff: null };
  }

  /** The deliveries cube's cells (hour, channel, gateway, status, count) of a log read in this build, and what identifies the log. */
  async keepDeliveries(cells: readonly (readonly number[])[], meta: unknown): Promise<void> {
    await this.conn.run('DELETE FROM state.delivery_cells');
    const a = await this.conn.createAppender('delivery_cells', 'main', 'state');
    for (const cell of cells) {
      for (const v of cell) a.appendInteger(v);
      a.endRow();
    }
    a.closeSync();
    this.watermarks.deliveries = meta;
  }

  /** The kept deliveries cube cells as columns (hour, channel, gateway, status, count). */
  deliveryCells(): Promise<Int32Array[]> {
    return readIntColumns(this.conn, 'SELECT hour, channel, gateway, status, count FROM state.delivery_cells', 5);
  }

  /**
   * Writes this build's copy of the state to its file on another connection, while the build goes on with the
   * cubes (sorting, encoding and compressing them on this thread): called once the copy has its last change. The
   * copy is not the state in place until `commit` renames it, so a build that fails after this leaves the last
   * good state as it was. The 1M demo's checkpoint after 10,000 rows changed in PostgreSQL took 61–83 ms of each
   * `watch` build's end.
   */
  checkpointAhead(connect: () => Promise<DuckDBConnection>): void {
    this.ahead = (async () => {
      const conn = await connect();
      try {
        await conn.run('CHECKPOINT state');
      } finally {
        conn.closeSync();
      }
    })();
    // Awaited by commit or discard; until then a failure must not count as unhandled.
    this.ahead.catch(() => undefined);
  }

  /** Puts this build's state in place (after the publish). */
  async commit(): Promise<void> {
    // A checkpoint started ahead has written the copy (commit's own then finds nothing to write); one that failed
    // has not, and commit's writes it.
    await this.ahead?.catch(() => undefined);
    await this.conn.run('CHECKPOINT state');
    await this.conn.run('DETACH state');
    const file: StateFile = { version: STATE_VERSION, fingerprint: this.fingerprint, id: this.id, watermarks: this.watermarks };
    writeFileSync(join(this.next, 'state.json'), JSON.stringify(file, null, 1));
    const old = `${this.dir}.old-${process.pid}-${this.id}`;
    if (existsSync(this.dir)) renameSync(this.dir, old);
    renameSync(this.next, this.dir);
    // Removed while the build returns: unlinking the 10M demo's 286 MB state file took a quarter of a second.
    void rm(old, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Drops this build's copy; the last good state stays. */
  async discard(): Promise<void> {
    await this.ahead?.catch(() => undefined);
    await this.conn.run('DETACH DATABASE IF EXISTS state').catch(() => undefined);
    rmSync(this.next, { recursive: true, force: true });
  }
}

/** Copies left by builds that were killed (their process is gone): each holds a copy of the state file. */
function removeAbandonedCopies(workDir: string): void {
  for (const name of readdirSafe(workDir)) {
    const pid = /^state\.(?:next-(\d+)|old-(\d+)-[\w-]+)$/.exec(name)?.slice(1).find(Boolean);
    if (pid && !processAlive(Number(pid))) rmSync(join(workDir, name), { recursive: true, force: true });
  }
}

function readStateFile(dir: string): StateFile | null {
  try {
    if (!existsSync(join(dir, 'state.duckdb'))) return null;
    return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StateFile;
  } catch {
    return null;
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
