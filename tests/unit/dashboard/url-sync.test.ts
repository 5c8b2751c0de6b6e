import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryMode } from '../../../src/lib/engine/live-engine.svelte.ts';
import { URL_DELAY_MS, UrlSync } from '../../../src/lib/page/url-sync.ts';

function harness() {
  const state = { mode: 'push' as HistoryMode, query: '?stage=phone' as string | null, search: '' };
  const writes: Array<[string, string]> = [];
  const sync = new UrlSync({
    takeMode: () => state.mode,
    query: () => state.query,
    location: () => ({ pathname: '/app/', search: state.search }),
    write: (url, mode) => {
      writes.push([url, mode]);
      state.search = url.slice('/app/'.length);
    }
  });
  return { state, writes, sync };
}

describe('UrlSync', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes once per burst, a moment after the last change', () => {
    const { state, writes, sync } = harness();
    state.mode = 'replace';
    sync.changed();
    vi.advanceTimersByTime(URL_DELAY_MS - 1);
    sync.changed();
    vi.advanceTimersByTime(URL_DELAY_MS - 1);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual([['/app/?stage=phone', 'replace']]);
  });

  it('makes a new entry when any change of the burst asked for one', () => {
    const { state, writes, sync } = harness();
    sync.changed();
    state.mode = 'replace';
    sync.changed();
    vi.runAllTimers();
    expect(writes).toEqual([['/app/?stage=phone', 'push']]);
  });

  it('drops a pending write when back/forward moved the URL, and skips an unchanged URL', () => {
    const { state, writes, sync } = harness();
    sync.changed();
    state.mode = 'none';
    sync.changed();
    vi.runAllTimers();
    expect(writes).toEqual([]);
    state.mode = 'push';
    state.search = '?stage=phone';
    sync.changed();
    vi.runAllTimers();
    expect(writes).toEqual([]);
  });

  it('cancel() stops a pending write', () => {
    const { writes, sync } = harness();
    sync.changed();
    sync.cancel();
    vi.runAllTimers();
    expect(writes).toEqual([]);
  });
});
