import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../shared/cube/format.ts';
import { publishGateProblems } from '../../../data-pipeline/export/publish-gates.ts';

function manifest(read: number, accepted: number, rowsResolved: number): Manifest {
  return { counts: { read, accepted, rejected: read - accepted }, cities: { rowsResolved } } as Manifest;
}

describe('publishGateProblems', () => {
  const good = manifest(10_000, 9_900, 9_000);

  it('lets a normal day through, and a first publish with a fair match rate', () => {
    expect(publishGateProblems(manifest(10_500, 10_390, 9_450), good)).toEqual([]);
    expect(publishGateProblems(good, null)).toEqual([]);
  });

  it('holds back a header-only export over a good set', () => {
    expect(publishGateProblems(manifest(0, 0, 0), good).join()).toMatch(/accepted registrations fell from 9900 to 0/);
  });

  it('holds back a file read in the wrong encoding (few cities recognised), even as a first publish', () => {
    const garbled = manifest(10_000, 9_900, 40);
    expect(publishGateProblems(garbled, null).join()).toMatch(/only 0\.4 % .*wrong encoding/);
    expect(publishGateProblems(garbled, good).join()).toMatch(/match rate fell from 90\.9 % to 0\.4 %/);
  });

  it('holds back a jump in rejected rows, and honours the configured limits', () => {
    const rejecting = manifest(10_000, 7_000, 6_400);
    expect(publishGateProblems(rejecting, good).join()).toMatch(/rejected share rose from 1\.0 % to 30\.0 %/);
    expect(publishGateProblems(rejecting, good, { maxRejectedShareRise: 0.5 })).toEqual([]);
  });
});
