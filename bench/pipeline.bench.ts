/**
 * Pipeline bench: CSV → cubes for the 1M-registration demo campaign (via `tallyboard demo` when available, else
 * bench/pipeline-synthetic.ts), against DuckDB's own read_csv + GROUP BY over the same files in the same rounds
 * (bench/pipeline-peer.mjs) and, like for like, against DuckDB checking every row of them with the build's own SQL
 * (bench/validated-peer-sql.ts), and 10M rows when BENCH_10M=1 (off by default: generating and building 10M rows
 * takes several minutes and ~1.7 GB of disk). Each build runs as a child process so its peak RSS
 * (process.resourceUsage().maxRSS, reported by the child) is the pipeline's alone. It also times incremental builds,
 * 10,000 new registrations on top: of the 1M demo (incrementalBench), and of the 10M one inside a long-lived
 * process (incrementalInWatchBench); and 10,000 changed ones of the 1M demo (changedInWatchBench).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runSql, startPostgres } from '../tests/support/postgres-server.ts';
import { demoCampaign, ROOT, WORK } from './demo-campaign.ts';
import { defaultMemoryLimit, largestFileBytes } from '../data-pipeline/cube/read-db.ts';
import { freshCompiledEntry } from '../data-pipeline/bin/compiled-cli.js';
import type { BenchResult } from './types.ts';
import { validatedPeerStatements } from './validated-peer-sql.ts';

/** A Node child process of `args`: what it printed, and its time from spawn to exit. */
function timedChild(args: string[], env: NodeJS.ProcessEnv, what: string): { stdout: string; processSeconds: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  const processSeconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
  return { stdout: r.stdout, processSeconds };
}

/**
 * One build by the `tallyboard` command in a child process, as users and cron run it (data-pipeline/bin/tallyboard.js:
 * the compiled CLI while it is fresh, else the TypeScript through tsx): `seconds` as the command reports its total
 * (its modules loaded, as the peer's figure is), `processSeconds` from spawn to exit, the process's peak RSS and CPU
 * time (bench/process-usage.mjs, so the pipeline's alone), and the manifest it published.
 */
function commandBuild(config: string, out: string, env: NodeJS.ProcessEnv = process.env): { seconds: number; processSeconds: number; maxRss: number; cpu: number; manifest: { counts: { read: number }; files: Record<string, { bytes: number }> } } {
  const what = `tallyboard build --config ${config}`;
  const usageFile = join(WORK, `usage-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const { stdout, processSeconds } = timedChild(
    ['--import', join(ROOT, 'bench', 'process-usage.mjs'), join(ROOT, 'data-pipeline', 'bin', 'tallyboard.js'), 'build', '--config', config, '--out', out],
    { ...env, TALLYBOARD_BENCH_USAGE: usageFile },
    what
  );
  const total = /^\s*total (\d+(?:\.\d+)?) s$/m.exec(stdout);
  if (!total) throw new Error(`${what} printed no total`);
  const { maxRss, cpu } = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRss: number; cpu: number };
  rmSync(usageFile);
  return { seconds: Number(total[1]), processSeconds, maxRss, cpu, manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) };
}

/** How the builds ran: the compiled command, or (after an edit, before it is compiled again) the TypeScript. */
const commandForm = (): string => (freshCompiledEntry() !== null ? 'compiled' : 'through tsx: its compiled form is stale');

const ROUNDS = Number(process.env.PIPELINE_BENCH_ROUNDS ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = (): number => Math.round(loadavg()[0] * 10) / 10;

/**
 * DuckDB's read_csv + GROUP BY over the registrations file (and the delivery log), in a child process; or, given
 * `--sql` and a file, the statements of the like-for-like peer (validated-peer-sql.ts).
 */
function peer(...args: string[]): { seconds: number; cpu: number } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'pipeline-peer.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`peer query failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as { seconds: number; cpu: number };
}

/**
 * Per size: a first build with no work folder (the resolver's answers not yet kept), then ROUNDS rounds of the
 * peer (registrations alone, then with the delivery log) and a build, interleaved so that the shared machine's
 * load falls on both alike; medians, each beside the load average of its rounds.
 */
export default async function pipelineBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sizes: Array<[string, number, number]> = [['1M', 1_000_000, 5]];
  if (process.env.BENCH_10M === '1') sizes.push(['10M', 10_000_000, 45]);
  for (const [label, rows, target] of sizes) {
    const dir = join(WORK, label);
    const config = demoCampaign(rows, dir);
    const files = ['registrations.csv', 'partner.csv', 'deliveries.csv'].map((f) => join(dir, f));
    const inputBytes = files.map((f) => (existsSync(f) ? statSync(f).size : 0)).reduce((a, b) => a + b, 0);
    const out = join(dir, 'out');
    rmSync(join(dir, '.tallyboard'), { recursive: true, force: true });
    let loads = [load()];
    const form = commandForm();
    const cold = commandBuild(config, out);
    loads.push(load());
    const coldLoad = Math.round(median(loads) * 10) / 10;
    const ours: Array<ReturnType<typeof commandBuild>> = [];
    const peers: Array<{ seconds: number; cpu: number }> = [];
    const peersWithLog: Array<{ seconds: number; cpu: number }> = [];
    const checkedPeers: Array<{ seconds: number; cpu: number }> = [];
    const checkedSql = join(dir, '.tallyboard', 'validated-peer.json');
    mkdirSync(join(dir, '.tallyboard'), { recursive: true });
    writeFileSync(checkedSql, JSON.stringify(validatedPeerStatements(config, dir)));
    loads = [];
    for (let round = 0; round < ROUNDS; round++) {
      peers.push(peer(files[0]));
      peersWithLog.push(peer(files[0], files[2]));
      checkedPeers.push(peer('--sql', checkedSql));
      ours.push(commandBuild(config, out));
      loads.push(load());
    }
    const at = Math.round(median(loads) * 10) / 10;
    // DuckDB's memory limit (1M: 512 MB; 10M: three times the registrations file) and half a gigabyte for Node.
    const rssLimitMb = parseInt(defaultMemoryLimit(largestFileBytes(files)), 10) + 512;
    const seconds = median(ours.map((o) => o.seconds));
    const peerBoth = median(peersWithLog.map((p) => p.seconds));
    const ratio = seconds / peerBoth;
    const peerCpu = median(peersWithLog.map((p) => p.cpu));
    const checkedSeconds = median(checkedPeers.map((p) => p.seconds));
    const { manifest } = ours[ours.length - 1];
    const mb = (inputBytes / 1e6).toFixed(0);
    results.push(
      { name: `pipeline ${label}: CSV → published cubes (${mb} MB in, ${manifest.counts.read.toLocaleString('en-US')} rows), a \`tallyboard build\` process (${form}) by its own total, median of ${ROUNDS}`, value: Number(seconds.toFixed(1)), unit: 's', target: `≤ ${target} s`, pass: seconds <= target, loadAverage: at },
      { name: `  first build, no work folder yet (every city spelling resolved)`, value: Number(cold.seconds.toFixed(1)), unit: 's', loadAverage: coldLoad },
      { name: `  peer: DuckDB read_csv + GROUP BY, registrations.csv`, value: Number(median(peers.map((p) => p.seconds)).toFixed(2)), unit: 's', loadAverage: at },
      { name: `  peer: DuckDB read_csv + GROUP BY, registrations.csv + deliveries.csv`, value: Number(peerBoth.toFixed(2)), unit: 's', loadAverage: at },
      { name: `pipeline ${label}: time ÷ peer's (same rounds)`, value: Number(ratio.toFixed(2)), unit: '×', target: '≤ 2×', pass: ratio <= 2, loadAverage: at },
      // CPU seconds (all threads, incl. DuckDB's; each process whole, its start and module loading included, neither
      // through a TypeScript loader) tell a loaded machine's wall time apart from the pipeline's own cost.
      { name: `  CPU time (user + system) of the processes: pipeline / peer`, value: Number((median(ours.map((o) => o.cpu)) / peerCpu).toFixed(2)), unit: '×', loadAverage: at },
      { name: `  pipeline CPU time`, value: Number(median(ours.map((o) => o.cpu)).toFixed(1)), unit: 's', loadAverage: at },
      // What the plain peer leaves out and the build's contracts require: every row checked by the build's own SQL
      // (validated-peer-sql.ts). The ratio to it is what the rest of the build costs: duplicate ids, rejects' cells,
      // city resolution, the partner's export, encoding and publishing.
      { name: `  like-for-like peer: the same files, every row checked by the build's own SQL, grouped at the cube's grain`, value: Number(checkedSeconds.toFixed(2)), unit: 's', loadAverage: at },
      { name: `  its CPU time ÷ the plain peer's`, value: Number((median(checkedPeers.map((p) => p.cpu)) / peerCpu).toFixed(2)), unit: '×', loadAverage: at },
      { name: `  pipeline ÷ the like-for-like peer (same rounds)`, value: Number((seconds / checkedSeconds).toFixed(2)), unit: '×', loadAverage: at },
      { name: `pipeline ${label}: peak RSS`, value: Math.round(Math.max(...ours.map((o) => o.maxRss)) / 1048576), unit: 'MB', target: `≤ ${rssLimitMb} MB`, pass: Math.max(...ours.map((o) => o.maxRss)) <= rssLimitMb * 1048576, loadAverage: at }
    );
    if (label === '1M') {
      const cube = manifest.files.registrations.bytes + manifest.files.deliveries.bytes;
      results.push({ name: 'pipeline 1M: cube bytes (registrations + deliveries, gzip)', value: cube, unit: 'bytes', target: '≤ 1,000,000', pass: cube <= 1_000_000 });
    }
    if (label === '1M') results.push(...incrementalBench(dir), ...(await changedInWatchBench(dir)));
    if (label === '10M') results.push(...incrementalInWatchBench(dir, label, 10));
    if (label === '10M') rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const NEW_ROWS = 10_000;

/**
 * bench/watch-child.ts: a catch-up build, then per round a change (`how`: `change` appended to the file `target`,
 * put in its place, or run as SQL against the database URL `target`) and a timed build, all in one process; each
 * round's seconds and CPU seconds, and the process's peak RSS.
 */
function watchBuilds(config: string, out: string, target: string, change: string, env: NodeJS.ProcessEnv, how: 'append' | 'replace' | 'sql' = 'append', rounds = 1): { seconds: number[]; cpu: number[]; maxRss: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'watch-child.ts'), config, out, target, change, how, String(rounds)], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`watch-like builds of ${config} failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as { seconds: number[]; cpu: number[]; maxRss: number };
}

/** The byte offset where the last `lines` lines of a file (ending with a line break) begin, read from its end. */
function offsetOfLastLines(path: string, lines: number): number {
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    let end = statSync(path).size;
    let breaks = 0;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      readSync(fd, block, 0, end - start, start);
      for (let i = end - start - 1; i >= 0; i--) if (block[i] === 0x0a && ++breaks === lines + 1) return start + i + 1;
      end = start;
    }
    throw new Error(`${path} has fewer than ${lines + 1} lines`);
  } finally {
    closeSync(fd);
  }
}

/**
 * A big campaign's incremental build inside one long-lived process, as `watch` runs it: one round, since the
 * process's first build (every row keyed and summed) takes minutes at 10M. The registrations file lacks its last
 * NEW_ROWS rows (the other inputs are linked, not copied); the child builds it, appends them and times the build.
 */
function incrementalInWatchBench(demoDir: string, label: string, targetSeconds: number): BenchResult[] {
  const dir = join(WORK, `${label}-incremental`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(demoDir, 'campaign.json'), join(dir, 'campaign.json'));
  for (const f of ['partner.csv', 'deliveries.csv', 'events.csv', 'headquarters.csv']) if (existsSync(join(demoDir, f))) symlinkSync(join(demoDir, f), join(dir, f));
  const regs = join(dir, 'registrations.csv');
  copyFileSync(join(demoDir, 'registrations.csv'), regs);
  const cut = offsetOfLastLines(regs, NEW_ROWS);
  const rows = join(dir, 'new-rows.csv');
  const tail = Buffer.alloc(statSync(regs).size - cut);
  const fd = openSync(regs, 'r');
  readSync(fd, tail, 0, tail.length, cut);
  closeSync(fd);
  writeFileSync(rows, tail);
  truncateSync(regs, cut);
  const env = { ...process.env, TALLYBOARD_STATE_KEY: 'bench-state-key' };
  const watched = watchBuilds(join(dir, 'campaign.json'), join(dir, 'out'), regs, rows, env);
  const [seconds, cpu, maxRss] = [watched.seconds[0], watched.cpu[0], watched.maxRss];
  const at = load();
  const peerSeconds = peer(regs, join(dir, 'deliveries.csv')).seconds;
  const peerLoad = load();
  rmSync(dir, { recursive: true, force: true });
  return [
    { name: `pipeline ${label} + ${NEW_ROWS.toLocaleString('en-US')} new registrations: incremental build inside one long-lived process, as \`watch\` builds (one round)`, value: Number(seconds.toFixed(1)), unit: 's', target: `≤ ${targetSeconds} s`, pass: seconds <= targetSeconds, loadAverage: at },
    { name: '  CPU time of that build (all threads)', value: Number(cpu.toFixed(1)), unit: 's', loadAverage: at },
    { name: '  peak RSS of that process (its first build included)', value: Math.round(maxRss / 1048576), unit: 'MB', loadAverage: at },
    { name: '  peer: DuckDB read_csv + GROUP BY over the grown files', value: Number(peerSeconds.toFixed(2)), unit: 's', loadAverage: peerLoad }
  ];
}

/**
 * The demo's registrations with CHANGED_ROWS of them, spread over the file, given a later stage (the questionnaire,
 * at the registration's time) or, where they had it, losing it: an export rewritten with rows changed in place.
 */
function withStagesChanged(registrations: string, out: string): void {
  const lines = readFileSync(registrations, 'utf8').split('\n');
  const every = Math.floor((lines.length - 2) / CHANGED_ROWS);
  let changed = 0;
  for (let i = every; i < lines.length && changed < CHANGED_ROWS; i += every) {
    const cells = lines[i].split(',');
    if (cells.length !== 12 || cells[1] === '') continue;
    cells[11] = cells[11] === '' ? cells[1] : '';
    lines[i] = cells.join(',');
    changed++;
  }
  writeFileSync(out, lines.join('\n'));
}

const CHANGED_ROWS = 10_000;

/**
 * 10,000 registrations of the 1M demo changed, inside one long-lived process as `watch` builds: the site export
 * rewritten with them changed in place (read again in full, as an export that did not only grow must be; the
 * facts' difference taken from the kept sums), and the same registrations as rows of a PostgreSQL table with an
 * `updated_at` column (only the changed rows read). ROUNDS rounds each, changed and changed back.
 */
async function changedInWatchBench(demoDir: string): Promise<BenchResult[]> {
  const dir = join(WORK, 'changed');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['campaign.json', 'registrations.csv', 'partner.csv', 'deliveries.csv', 'events.csv', 'headquarters.csv']) if (existsSync(join(demoDir, f))) copyFileSync(join(demoDir, f), join(dir, f));
  const regs = join(dir, 'registrations.csv');
  const changedRegs = join(dir, 'registrations-changed.csv');
  withStagesChanged(regs, changedRegs);
  const env = { ...process.env, TALLYBOARD_STATE_KEY: 'bench-state-key' };
  const before = load();
  const exported = watchBuilds(join(dir, 'campaign.json'), join(dir, 'out'), regs, changedRegs, env, 'replace', ROUNDS);
  const exportLoad = Math.round(((before + load()) / 2) * 10) / 10;
  const peerSeconds = peer(regs, join(dir, 'deliveries.csv')).seconds;
  const peerLoad = load();
  const db = await changedInDatabase(dir, regs, env);
  rmSync(dir, { recursive: true, force: true });
  const rounds = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(', ');
  return [
    { name: `pipeline 1M, ${CHANGED_ROWS.toLocaleString('en-US')} registrations changed in PostgreSQL (\`updatedAtColumn\`): incremental build inside one long-lived process, as \`watch\` builds, median of ${ROUNDS} (${rounds(db.seconds)} s)`, value: Number(median(db.seconds).toFixed(1)), unit: 's', target: '≤ 3 s', pass: median(db.seconds) <= 3, loadAverage: db.load },
    { name: `  CPU time of that build (all threads; ${rounds(db.cpu)} s)`, value: Number(median(db.cpu).toFixed(1)), unit: 's', loadAverage: db.load },
    { name: '  peak RSS of that process (its first build, every row read from the database, included)', value: Math.round(db.maxRss / 1048576), unit: 'MB', loadAverage: db.load },
    { name: `pipeline 1M, the site export rewritten with ${CHANGED_ROWS.toLocaleString('en-US')} registrations changed (read again in full, the difference taken): inside one long-lived process, median of ${ROUNDS} (${rounds(exported.seconds)} s)`, value: Number(median(exported.seconds).toFixed(1)), unit: 's', loadAverage: exportLoad },
    { name: `  CPU time of that build (all threads; ${rounds(exported.cpu)} s)`, value: Number(median(exported.cpu).toFixed(1)), unit: 's', loadAverage: exportLoad },
    { name: '  peak RSS of that process (two builds and more)', value: Math.round(exported.maxRss / 1048576), unit: 'MB', loadAverage: exportLoad },
    { name: '  peer: DuckDB read_csv + GROUP BY over the registrations file and the delivery log', value: Number(peerSeconds.toFixed(2)), unit: 's', loadAverage: peerLoad }
  ];
}

/**
 * The demo's site registrations as rows of a PostgreSQL table (the server the tests start; every column text, as
 * the export has them, so rows the validator rejects stay rejected), the site source reading it with
 * `updatedAtColumn`, and per round CHANGED_ROWS rows given a later stage or losing it, `updated_at` bumped.
 */
async function changedInDatabase(dir: string, regs: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number[]; cpu: number[]; maxRss: number; load: number }> {
  const server = await startPostgres({ maxLifetimeMs: 30 * 60_000 });
  try {
    const columns = readFileSync(regs, 'utf8').slice(0, 400).split('\n')[0].split(',');
    await runSql(server.url, `CREATE TABLE site_regs (${columns.map((c) => `${c} text`).join(', ')}, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    const rows = parse(readFileSync(regs), { from_line: 2, relax_column_count: true }) as string[][];
    for (let at = 0; at < rows.length; at += 20_000) {
      const batch = rows.slice(at, at + 20_000);
      const values = columns.map((_, c) => batch.map((r) => (r[c] === '' || r[c] === undefined ? null : r[c])));
      await runSql(server.url, `INSERT INTO site_regs (${columns.join(', ')}) SELECT * FROM unnest(${columns.map((_, c) => `$${c + 1}::text[]`).join(', ')})`, values);
    }
    await runSql(server.url, 'CREATE INDEX ON site_regs (updated_at)');
    await runSql(server.url, 'VACUUM ANALYZE site_regs');
    const config = JSON.parse(readFileSync(join(dir, 'campaign.json'), 'utf8')) as { sources: Array<Record<string, unknown>> };
    config.sources[0] = { kind: 'postgres', name: 'site', urlEnv: 'BENCH_PG_URL', table: 'site_regs', updatedAtColumn: 'updated_at' };
    const dbConfig = join(dir, 'campaign-db.json');
    writeFileSync(dbConfig, JSON.stringify(config, null, 1));
    const change = join(dir, 'change.sql');
    writeFileSync(
      change,
      `UPDATE site_regs SET questionnaire_at = CASE WHEN questionnaire_at IS NULL THEN created_at END, updated_at = clock_timestamp() ` +
        `WHERE ctid IN (SELECT ctid FROM site_regs ORDER BY md5(id || ':round') LIMIT ${CHANGED_ROWS})`
    );
    const before = load();
    const r = watchBuilds(dbConfig, join(dir, 'out-db'), server.url, change, { ...env, BENCH_PG_URL: server.url }, 'sql', ROUNDS);
    return { ...r, load: Math.round(((before + load()) / 2) * 10) / 10 };
  } finally {
    await server.stop();
  }
}

/**
 * Incremental builds (README "Incremental builds"): a copy of the demo campaign whose registrations file lacks
 * its last ROUNDS × 10,000 rows is built in full with a state key; then each round appends the next 10,000 rows,
 * builds incrementally and runs the peer over the grown file. Each build is a `tallyboard build` process, as cron
 * runs it: timed by the total it reports and from its spawn to its exit (Node's start and the module loading
 * too); a copy of the campaign gets the same rows, and the next 10,000 inside one long-lived process, as `watch`
 * builds.
 */
function incrementalBench(demoDir: string): BenchResult[] {
  const dir = join(WORK, 'incremental');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['campaign.json', 'partner.csv', 'deliveries.csv', 'events.csv', 'headquarters.csv']) if (existsSync(join(demoDir, f))) copyFileSync(join(demoDir, f), join(dir, f));
  const lines = readFileSync(join(demoDir, 'registrations.csv'), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // Per round: NEW_ROWS for a `build` process, NEW_ROWS for a build inside a long-lived process.
  const kept = lines.length - 2 * ROUNDS * NEW_ROWS;
  const regs = join(dir, 'registrations.csv');
  writeFileSync(regs, lines.slice(0, kept).join('\n') + '\n');
  const config = join(dir, 'campaign.json');
  const out = join(dir, 'out');
  // The long-lived process builds a copy of its own: a campaign runs `build` from a timer or `watch`, and `watch`
  // keeps its sums in memory, not in the state the `build` processes read theirs from.
  const watchDir = join(WORK, 'incremental-watch');
  rmSync(watchDir, { recursive: true, force: true });
  mkdirSync(watchDir, { recursive: true });
  for (const f of readdirSync(dir)) copyFileSync(join(dir, f), join(watchDir, f));
  const watchRegs = join(watchDir, 'registrations.csv');
  const env = { ...process.env, TALLYBOARD_STATE_KEY: 'bench-state-key' };
  const loads = [load()];
  const form = commandForm();
  const first = commandBuild(config, out, env);
  const firstLoad = load();
  const ours: number[] = [];
  const oursProcess: number[] = [];
  const inWatch: number[] = [];
  const inWatchRss: number[] = [];
  const inWatchCpu: number[] = [];
  const peers: number[] = [];
  const rows = join(dir, 'new-rows.csv');
  for (let round = 0; round < ROUNDS; round++) {
    const from = kept + 2 * round * NEW_ROWS;
    const batch = lines.slice(from, from + NEW_ROWS).join('\n') + '\n';
    appendFileSync(regs, batch);
    appendFileSync(watchRegs, batch);
    const built = commandBuild(config, out, env);
    ours.push(built.seconds);
    oursProcess.push(built.processSeconds);
    peers.push(peer(regs, join(dir, 'deliveries.csv')).seconds);
    writeFileSync(rows, lines.slice(from + NEW_ROWS, from + 2 * NEW_ROWS).join('\n') + '\n');
    // The build processes' copy does not get these rows: each of its rounds adds exactly NEW_ROWS (it got the
    // long-lived process's rows too before, so that its second and third rounds added twice as many).
    const watched = watchBuilds(join(watchDir, 'campaign.json'), join(watchDir, 'out'), watchRegs, rows, env);
    inWatch.push(watched.seconds[0]);
    inWatchRss.push(watched.maxRss);
    inWatchCpu.push(watched.cpu[0]);
    loads.push(load());
  }
  const at = Math.round(median(loads) * 10) / 10;
  const seconds = median(ours);
  rmSync(dir, { recursive: true, force: true });
  rmSync(watchDir, { recursive: true, force: true });
  return [
    { name: `pipeline 1M + ${NEW_ROWS.toLocaleString('en-US')} new registrations: incremental build → published, a \`tallyboard build\` process (${form}) by its own total, median of ${ROUNDS} (${ours.map((x) => x.toFixed(1)).join(', ')} s)`, value: Number(seconds.toFixed(1)), unit: 's', target: '≤ 3 s', pass: seconds <= 3, loadAverage: at },
    { name: `  the same from the process's spawn to its exit, Node's start and the module loading included (${oursProcess.map((x) => x.toFixed(1)).join(', ')} s)`, value: Number(median(oursProcess).toFixed(1)), unit: 's', target: '≤ 3 s', pass: median(oursProcess) <= 3, loadAverage: at },
    { name: `  the same inside one long-lived process, as \`watch\` builds (${inWatch.map((x) => x.toFixed(1)).join(', ')} s)`, value: Number(median(inWatch).toFixed(1)), unit: 's', target: '≤ 3 s', pass: median(inWatch) <= 3, loadAverage: at },
    { name: `  CPU time of that build (all threads, DuckDB's included; ${inWatchCpu.map((x) => x.toFixed(1)).join(', ')} s)`, value: Number(median(inWatchCpu).toFixed(1)), unit: 's', loadAverage: at },
    { name: '  peak RSS of that long-lived process (two builds), highest of the rounds', value: Math.round(Math.max(...inWatchRss) / 1048576), unit: 'MB', target: '≤ 1024 MB', pass: Math.max(...inWatchRss) <= 1024 * 1048576, loadAverage: at },
    { name: '  the first build of that campaign, keeping the state (every row keyed by HMAC)', value: Number(first.seconds.toFixed(1)), unit: 's', loadAverage: firstLoad },
    { name: '  peer: DuckDB read_csv + GROUP BY over the grown files (same rounds)', value: Number(median(peers).toFixed(2)), unit: 's', loadAverage: at },
    { name: '  incremental ÷ peer', value: Number((seconds / median(peers)).toFixed(2)), unit: '×', loadAverage: at }
  ];
}
