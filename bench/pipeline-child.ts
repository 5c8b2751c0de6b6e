/** Child process of bench/pipeline.bench.ts: one build, then its wall time, max RSS and CPU time as JSON on stdout. */
import { runBuild } from '../data-pipeline/pipeline.ts';
import { Progress } from '../data-pipeline/step-log.ts';

const [config, out] = process.argv.slice(2);
const t0 = performance.now();
await runBuild({ config, out, progress: new Progress({ out: (l) => process.stderr.write(`    ${l}\n`), live: false }) });
const u = process.resourceUsage();
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, maxRss: u.maxRSS * 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
