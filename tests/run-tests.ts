/**
 * `npm test`: every vitest test (unit and browser) with the console reporter, plus a JSON report from which the
 * totals line is counted, so CI reads one plain line: `tests: N passed, N failed`. A run that fails without a
 * failing test to show for it (a config or global-setup error) counts as one failure, never as green.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { countResults } from './support/count-results.ts';

const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });
// SvelteKit generates the tsconfig the project's own extends; a fresh clone has none until this runs.
spawnSync(process.execPath, ['node_modules/@sveltejs/kit/svelte-kit.js', 'sync'], { stdio: 'inherit' });
// The report and the dashboard import compiled messages (gitignored): compiled here when messages/ changed.
spawnSync(process.execPath, ['--import', 'tsx', 'data-pipeline/i18n/compile-messages.ts'], { stdio: 'inherit' });
// The campaign schema's validator as standalone code (gitignored), when the schema changed since it was written.
spawnSync(process.execPath, ['--import', 'tsx', 'data-pipeline/config/compile-schema.ts'], { stdio: 'inherit' });
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' }
);
const totals = countResults(report);
const unexplained = run.status !== 0 && totals.failed === 0 ? 1 : 0;
const failed = totals.failed + unexplained;
writeFileSync('test-results/totals.json', JSON.stringify({ passed: totals.passed, failed }) + '\n');
process.stdout.write(`tests: ${totals.passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
