/**
 * `npm test`: every vitest test (unit and browser) with the console reporter, plus a JSON report from which the
 * totals line is counted, so CI reads one plain line: `tests: N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { countResults } from './support/count-results.ts';

const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' }
);
const totals = countResults(report);
const failed = totals.failed + (totals.found ? 0 : 1);
process.stdout.write(`tests: ${totals.passed} passed, ${failed} failed\n`);
process.exitCode = run.status === 0 && failed === 0 ? 0 : 1;
