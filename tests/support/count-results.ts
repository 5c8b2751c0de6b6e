import { existsSync, readFileSync } from 'node:fs';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
}

/** Totals from vitest's JSON reporter. A suite that failed to load counts as a failure, as does a missing report. */
export function countResults(path: string): { passed: number; failed: number; found: boolean } {
  if (!existsSync(path)) return { passed: 0, failed: 0, found: false };
  const json = JSON.parse(readFileSync(path, 'utf8')) as VitestJson;
  return { passed: json.numPassedTests, failed: json.numFailedTests + json.numFailedTestSuites, found: true };
}
