import { describe, expect, it } from 'vitest';
import type { CampaignInfo, Manifest } from '$shared/cube/format';
import { manifestChanged, refreshSeconds, RefreshLoop, withRefreshParam, type CheckOutcome, type Timers } from '../../../src/lib/data/refresh';

const campaign = { dashboard: { refreshSeconds: 90, staleAfterMinutes: 30 } } as CampaignInfo;

function manifest(generatedAt: string, registrationsHash = 'a'): Manifest {
  const entry = (sha256: string) => ({ path: 'x', bytes: 1, sha256, rows: 1 });
  return {
    generatedAt,
    files: { registrations: entry(registrationsHash), deliveries: entry('d'), regions: entry('r'), headquarters: entry('h'), events: entry('e'), shapes: entry('s') }
  } as Manifest;
}

/** Timers the test fires by hand, so scheduling is checked without waiting. */
function manualTimers(): Timers & { pending: Array<{ run: () => void; ms: number }>; fire(): void } {
  const pending: Array<{ run: () => void; ms: number }> = [];
  return {
    pending,
    set: (run, ms) => {
      const t = { run, ms };
      pending.push(t);
      return t;
    },
    clear: (handle) => {
      const i = pending.indexOf(handle as { run: () => void; ms: number });
      if (i >= 0) pending.splice(i, 1);
    },
    fire() {
      pending.shift()?.run();
    }
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('refreshSeconds', () => {
  it('takes ?refresh= over the campaign, the campaign over the default', () => {
    expect(refreshSeconds('?refresh=2', campaign)).toBe(2);
    expect(refreshSeconds('?refresh=0', campaign)).toBe(0);
    expect(refreshSeconds('?region=RU-MOW', campaign)).toBe(90);
    expect(refreshSeconds('?refresh=soon', campaign)).toBe(90);
    expect(refreshSeconds('?refresh=-5', campaign)).toBe(90);
    expect(refreshSeconds('', {} as CampaignInfo)).toBe(60);
  });
});

describe('manifestChanged', () => {
  it('sees a new generation time or a new file hash, nothing else', () => {
    const a = manifest('2026-01-01T00:00:00Z');
    expect(manifestChanged(a, manifest('2026-01-01T00:00:00Z'))).toBe(false);
    expect(manifestChanged(a, manifest('2026-01-01T00:05:00Z'))).toBe(true);
    expect(manifestChanged(a, manifest('2026-01-01T00:00:00Z', 'b'))).toBe(true);
  });
});

describe('RefreshLoop', () => {
  function setUp(latest: () => Manifest | Error) {
    let shown = manifest('t0');
    const applied: string[] = [];
    const outcomes: CheckOutcome[] = [];
    let fetches = 0;
    const timers = manualTimers();
    const loop = new RefreshLoop<Manifest>(
      {
        fetchManifest: async () => {
          fetches++;
          const m = latest();
          if (m instanceof Error) throw m;
          return m;
        },
        shown: () => shown,
        load: async (m) => m,
        apply: (m) => {
          shown = m;
          applied.push(m.generatedAt);
        },
        checked: (o) => outcomes.push(o)
      },
      2000,
      timers
    );
    return { loop, timers, applied, outcomes, fetches: () => fetches };
  }

  it('checks every interval, one check at a time, and applies only a changed publish', async () => {
    let current = manifest('t0');
    const { loop, timers, applied, outcomes } = setUp(() => current);
    loop.start();
    expect(timers.pending.map((t) => t.ms)).toEqual([2000]);
    timers.fire();
    await settle();
    expect(outcomes).toEqual(['unchanged']);
    // The next check is scheduled only once the last one has finished.
    expect(timers.pending).toHaveLength(1);
    current = manifest('t1');
    timers.fire();
    await settle();
    expect(applied).toEqual(['t1']);
    timers.fire();
    await settle();
    expect(outcomes).toEqual(['unchanged', 'updated', 'unchanged']);
  });

  it('keeps the data on screen when a check fails, and tries again', async () => {
    let fail = true;
    const { loop, timers, applied, outcomes } = setUp(() => (fail ? new Error('network') : manifest('t1')));
    loop.start();
    timers.fire();
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(applied).toEqual([]);
    fail = false;
    timers.fire();
    await settle();
    expect(applied).toEqual(['t1']);
  });

  it('joins a check in progress instead of starting another, and stops for good', async () => {
    const { loop, timers, fetches } = setUp(() => manifest('t0'));
    await Promise.all([loop.check(), loop.check()]);
    expect(fetches()).toBe(1);
    loop.start();
    loop.stop();
    expect(timers.pending).toEqual([]);
    loop.start();
    expect(timers.pending).toEqual([]);
  });

  it('loads the unchanged publish again while the data on screen is incomplete (days only), then no more', async () => {
    let incomplete = true;
    const applied: string[] = [];
    const loop = new RefreshLoop<Manifest>(
      {
        fetchManifest: async () => manifest('t0'),
        shown: () => manifest('t0'),
        incomplete: () => incomplete,
        load: async (m) => m,
        apply: (m) => {
          applied.push(m.generatedAt);
          incomplete = false;
        }
      },
      2000,
      manualTimers()
    );
    expect(await loop.check()).toBe('updated');
    expect(await loop.check()).toBe('unchanged');
    expect(applied).toEqual(['t0']);
  });

  it('never schedules with an interval of 0 (?refresh=0)', () => {
    const timers = manualTimers();
    const loop = new RefreshLoop<Manifest>({ fetchManifest: async () => manifest('t'), shown: () => manifest('t'), load: async (m) => m, apply: () => {} }, 0, timers);
    loop.start();
    expect(timers.pending).toEqual([]);
  });
});

describe('withRefreshParam', () => {
  it('keeps ?refresh= beside the filters so a reload checks as often', () => {
    expect(withRefreshParam('?region=RU-MOW', '?refresh=2&region=RU-SPE')).toBe('?region=RU-MOW&refresh=2');
    expect(withRefreshParam('', '?refresh=2')).toBe('?refresh=2');
    expect(withRefreshParam('?stage=phone', '?region=X')).toBe('?stage=phone');
  });
});
