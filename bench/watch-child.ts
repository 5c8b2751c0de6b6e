/**
 * Child process of bench/pipeline.bench.ts: incremental builds as `tallyboard watch` runs them, in one long-lived
 * process (Node's start, the module loading, the pack and the city resolver paid once: build-resources.ts). A
 * first build catches up with the files as they are; then `rows` (a file of CSV lines) is appended to
 * `registrations` — or with `replace`, becomes its new content (an export rewritten with rows changed) — and the
 * second build is timed. Prints its wall and CPU seconds (all threads, DuckDB's
 * included) and the process's peak RSS (bytes) as JSON on stdout.
 */
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs';
import { BuildResources } from '../data-pipeline/build-resources.ts';
import { runBuild } from '../data-pipeline/pipeline.ts';
import { Progress } from '../data-pipeline/step-log.ts';

const [config, out, registrations, rows, how = 'append'] = process.argv.slice(2);
const resources = new BuildResources();
const progress = (): Progress => new Progress({ out: (l) => process.stderr.write(`    ${l}\n`), live: false });
await runBuild({ config, out, resources, progress: progress() });
if (how === 'replace') copyFileSync(rows, registrations);
else appendFileSync(registrations, readFileSync(rows));
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await runBuild({ config, out, resources, progress: progress() });
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, maxRss: process.resourceUsage().maxRSS * 1024 }));
