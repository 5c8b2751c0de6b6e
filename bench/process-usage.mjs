/**
 * Preload (`node --import`) of a bench child that runs a command as users run it (bench/pipeline.bench.ts): at
 * exit, its peak RSS and CPU time (all threads, user + system) as JSON into the file named by
 * TALLYBOARD_BENCH_USAGE. Plain JavaScript, so that measuring loads no TypeScript loader into the process.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.TALLYBOARD_BENCH_USAGE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRss: u.maxRSS * 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
  });
}
