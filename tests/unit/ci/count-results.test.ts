import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countResults } from '../../support/count-results.ts';

const write = (value: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'tb-count-')), 'r.json');
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe('CI totals line', () => {
  it('counts tests, not suites, and a file that failed before any test ran as one failure', () => {
    const path = write({
      testResults: [
        { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'skipped' }] },
        { status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
        { status: 'failed', message: 'Cannot find module', assertionResults: [] }
      ]
    });
    expect(countResults(path)).toEqual({ passed: 3, failed: 2, found: true });
  });

  it('reports a missing report as not found', () => {
    expect(countResults(join(tmpdir(), 'no-such-report.json')).found).toBe(false);
  });
});
