/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temp dir, `postgres` on 127.0.0.1 at a free port, trust
 * auth, user "tallyboard", database "postgres". `stop()` kills its whole process group and removes the dir.
 *
 * Safety nets so no server outlives the tests: it runs under coreutils `timeout` (default 15 min), and the process
 * group is killed on process exit. As root, PostgreSQL refuses to run, so initdb/postgres run as the `postgres`
 * user (or `nobody`) through runuser/su, with the temp dir chowned to that user.
 *
 * Needs the server binaries: Debian/Ubuntu `apt-get install -y postgresql` (→ /usr/lib/postgresql/<v>/bin).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Connection URL, e.g. postgres://tallyboard@127.0.0.1:54321/postgres */
  url: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Kill the server after this long whatever happens, ms. Default 15 min. */
  maxLifetimeMs?: number;
  /** How long to wait for it to accept connections, ms. Default 60 s. */
  readyTimeoutMs?: number;
}

export const POSTGRES_INSTALL_HINT = 'PostgreSQL server binaries (initdb, postgres) not found: install them with `apt-get install -y postgresql` (Debian/Ubuntu; provides /usr/lib/postgresql/15/bin), or set PG_BIN to the folder holding initdb and postgres';

/** The folder holding initdb and postgres: $PG_BIN, the newest /usr/lib/postgresql/<v>/bin, or PATH. */
export function findPostgresBin(): string | null {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (process.env.PG_BIN && has(process.env.PG_BIN)) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(root, v, 'bin'))) return join(root, v, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  return null;
}

interface RunAs {
  /** Turns a command + args into what to spawn. */
  wrap(cmd: string, args: string[]): [string, string[]];
  uid: number;
  gid: number;
  who: string;
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** As root: the first of runuser/su × postgres/nobody that can actually run a command; otherwise ourselves. */
function chooseRunAs(bin: string): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
    if (!Number.isInteger(uid) || uid <= 0 || !Number.isInteger(gid)) continue;
    const candidates: RunAs[] = [
      { who: `runuser -u ${user}`, uid, gid, wrap: (cmd, args) => ['runuser', ['-u', user, '--', cmd, ...args]] },
      { who: `su ${user}`, uid, gid, wrap: (cmd, args) => ['su', [user, '-s', '/bin/sh', '-c', ['exec', cmd, ...args].map(shQuote).join(' ')]] }
    ];
    for (const c of candidates) {
      const [cmd, args] = c.wrap(join(bin, 'postgres'), ['--version']);
      const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: '/', timeout: 10_000 });
      if (r.status === 0 && /PostgreSQL/.test(r.stdout)) return c;
    }
  }
  throw new Error('running as root and neither runuser nor su can run PostgreSQL as the postgres or nobody user');
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(POSTGRES_INSTALL_HINT);
  const runAs = chooseRunAs(bin);
  const wrap = (cmd: string, args: string[]): [string, string[]] => (runAs ? runAs.wrap(cmd, args) : [cmd, args]);

  const base = mkdtempSync(join(tmpdir(), 'tallyboard-pg-'));
  if (runAs) chownSync(base, runAs.uid, runAs.gid);
  const dataDir = join(base, 'data');
  const cleanup = () => rmSync(base, { recursive: true, force: true });

  const [initCmd, initArgs] = wrap(join(bin, 'initdb'), ['-D', dataDir, '-U', 'tallyboard', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const init = spawnSync(initCmd, initArgs, { cwd: base, encoding: 'utf8', timeout: 120_000 });
  if (init.status !== 0) {
    cleanup();
    throw new Error(`initdb failed (${runAs ? runAs.who : 'as current user'}, exit ${init.status}): ${(init.stderr || init.stdout || String(init.error)).trim().slice(-2000)}`);
  }

  const port = await freePort();
  const lifetimeS = Math.ceil((options.maxLifetimeMs ?? 15 * 60_000) / 1000);
  const [pgCmd, pgArgs] = wrap(join(bin, 'postgres'), [
    '-D', dataDir, '-k', base, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'shared_buffers=16MB', '-c', 'max_connections=20'
  ]);
  // `timeout` stops the server by itself even if this process dies without running any handler.
  const child = spawn('timeout', ['--kill-after=10', String(lifetimeS), pgCmd, ...pgArgs], {
    cwd: base,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  const collect = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    killGroup(child, 'SIGQUIT'); // immediate shutdown: the data dir is thrown away anyway
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    child.stdout!.destroy();
    child.stderr!.destroy();
    cleanup();
  };

  const url = `postgres://tallyboard@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let lastError = '';
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited early (${child.exitCode ?? child.signalCode})`);
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      try {
        await c.connect();
        await c.query('SELECT 1');
        await c.end();
        break;
      } catch (err) {
        lastError = (err as Error).message;
        await c.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${options.readyTimeoutMs ?? 60_000} ms (${lastError})`);
      await new Promise((ok) => setTimeout(ok, 150));
    }
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- postgres output ---\n${output.trim()}`);
  }
  return { url, stop };
}

/** Runs one statement on a fresh connection to `url` (test set-up: creating, changing and deleting rows). */
export async function runSql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}
