import { describe, expect, it } from 'vitest';
import type { Manifest } from '$shared/cube/format';
import { freshness } from '$lib/data/freshness';

const published = (generatedAt: string, staleAfterMinutes?: number) =>
  ({ generatedAt, campaign: staleAfterMinutes === undefined ? {} : { dashboard: { refreshSeconds: 60, staleAfterMinutes } } }) as Manifest;

const at = (iso: string) => Date.parse(iso);

describe('freshness', () => {
  it('says how long ago in the largest whole unit', () => {
    const m = published('2026-03-01T12:00:00Z');
    expect(freshness(m, at('2026-03-01T12:00:30Z'), 'en').text).toBe('updated this minute');
    expect(freshness(m, at('2026-03-01T12:04:10Z'), 'en').text).toBe('updated 4 minutes ago');
    expect(freshness(m, at('2026-03-01T15:10:00Z'), 'en').text).toBe('updated 3 hours ago');
    expect(freshness(m, at('2026-03-03T13:00:00Z'), 'en').text).toBe('updated 2 days ago');
  });

  it('warns past the campaign limit, or past two hours by default', () => {
    expect(freshness(published('2026-03-01T12:00:00Z', 30), at('2026-03-01T12:30:00Z')).stale).toBe(false);
    expect(freshness(published('2026-03-01T12:00:00Z', 30), at('2026-03-01T12:31:00Z')).stale).toBe(true);
    expect(freshness(published('2026-03-01T12:00:00Z'), at('2026-03-01T13:59:00Z')).stale).toBe(false);
    expect(freshness(published('2026-03-01T12:00:00Z'), at('2026-03-01T14:01:00Z')).stale).toBe(true);
  });

  it('reads a server clock ahead of the browser as now', () => {
    expect(freshness(published('2026-03-01T12:05:00Z'), at('2026-03-01T12:00:00Z')).minutes).toBe(0);
  });
});
