/**
 * Child process of bench/pipeline.bench.ts: incremental builds as `tallyboard watch` runs them, in one long-lived
 * process (Node's start, the module loading, the pack and the city resolver paid once: build-resources.ts). A
 * first build catches up with the sources as they are; then, `rounds` times, a change and a timed build:
 *   append   `change` (a file of CSV lines) appended to `target` (the registrations file; one round);
 *   replace  `change` becomes `target`'s content (an export rewritten with rows changed), and its first content
 *            again in every second round (the same rows changed back);
 *   sql      `change` (SQL, `:round` standing for the round's number) run against the database at `target` (a URL).
 * Prints each round's wall and CPU seconds (all threads, DuckDB's included) and the process's peak RSS (bytes) as
 * JSON on stdout.
 */
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { BuildResources } from '../data-pipeline/build-resources.ts';
import { runBuild } from '../data-pipeline/pipeline.ts';
import { Progress } from '../data-pipeline/step-log.ts';
import { runSql } from '../tests/support/postgres-server.ts';

const [config, out, target, change, how = 'append', rounds = '1'] = process.argv.slice(2);
const resources = new BuildResources();
const progress = (): Progress => new Progress({ out: (l) => process.stderr.write(`    ${l}\n`), live: false });
await runBuild({ config, out, resources, progress: progress() });
const first = how === 'replace' ? readFileSync(target) : null;
const seconds: number[] = [];
const cpu: number[] = [];
for (let round = 1; round <= Number(rounds); round++) {
  if (how === 'sql') await runSql(target, readFileSync(change, 'utf8').replaceAll(':round', String(round)));
  else if (how === 'replace') {
    if (round % 2 === 1) copyFileSync(change, target);
    else writeFileSync(target, first!);
  }
  else appendFileSync(target, readFileSync(change));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await runBuild({ config, out, resources, progress: progress() });
  const used = process.cpuUsage(cpu0);
  seconds.push((performance.now() - t0) / 1000);
  cpu.push((used.user + used.system) / 1e6);
}
process.stdout.write(JSON.stringify({ seconds, cpu, maxRss: process.resourceUsage().maxRSS * 1024 }));
