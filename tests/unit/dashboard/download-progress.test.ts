import { describe, expect, it } from 'vitest';
import { downloadSummary } from '../../../src/lib/data/download-progress.ts';

describe('download summary', () => {
  it('adds the files up in the unit of the whole', () => {
    const s = downloadSummary([
      { path: 'manifest.json', loaded: 4_000, total: 4_000 },
      { path: 'registrations.tbc', loaded: 400_000, total: 3_900_000 }
    ]);
    expect(s).toEqual({ loaded: 404_000, total: 3_904_000, fraction: 404_000 / 3_904_000, text: '0.4 of 3.9 MB' });
    expect(downloadSummary([{ path: 'registrations.tbc', loaded: 210_400, total: 880_000 }]).text).toBe('210 of 880 kB');
  });

  it('says only what arrived while a size is unknown', () => {
    const s = downloadSummary([
      { path: 'manifest.json', loaded: 4_000, total: 4_000 },
      { path: 'registrations.tbc', loaded: 1_250_000, total: null }
    ]);
    expect([s.total, s.fraction, s.text]).toEqual([null, null, '1.3 MB']);
  });

  it('says nothing before the first byte is asked for', () => {
    expect(downloadSummary([]).text).toBe('');
  });
});
