import { existsSync, readFileSync } from 'node:fs';

interface VitestJson {
  testResults: Array<{ status: string; message?: string; assertionResults: Array<{ status: string }> }>;
}

/**
 * Totals from vitest's JSON reporter, one per test. A file that failed without running any test (an import or
 * setup error) counts as one failure, as does a missing report, so a broken suite can never read as green.
 */
export function countResults(path: string): { passed: number; failed: number; found: boolean } {
  if (!existsSync(path)) return { passed: 0, failed: 0, found: false };
  const json = JSON.parse(readFileSync(path, 'utf8')) as VitestJson;
  let passed = 0;
  let failed = 0;
  for (const file of json.testResults) {
    const tests = file.assertionResults;
    passed += tests.filter((t) => t.status === 'passed').length;
    failed += tests.filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) failed += 1;
  }
  return { passed, failed, found: true };
}
