import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../data-pipeline/watch/duration.ts';
import { runEvery, type Clock } from '../../../data-pipeline/watch/schedule.ts';

/** A clock where runs take the time the test says and sleeping moves time forward. */
function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    }
  };
  return clock;
}

describe('parseDuration', () => {
  it('reads seconds, minutes and hours and refuses anything else', () => {
    expect([parseDuration('2s'), parseDuration('5m'), parseDuration('1h')]).toEqual([2000, 300_000, 3_600_000]);
    expect([parseDuration('0s'), parseDuration('5'), parseDuration('1.5m'), parseDuration('5 min')]).toEqual([null, null, null, null]);
  });
});

describe('runEvery', () => {
  it('runs one at a time at the interval, skipping the slots an overrun covered, and stops when aborted', async () => {
    const clock = fakeClock();
    const stop = new AbortController();
    const durations = [100, 2500, 300, 0];
    const starts: number[] = [];
    let inFlight = 0;
    const runs = await runEvery(
      1000,
      async (n) => {
        expect(inFlight).toBe(0);
        inFlight++;
        starts.push(clock.t);
        clock.t += durations[n - 1];
        inFlight--;
        if (n === durations.length) stop.abort();
      },
      stop.signal,
      clock
    );
    expect(runs).toBe(4);
    // The second run took 2.5 s: the slots at 2 s was skipped, the third run starts at 3 s.
    expect(starts).toEqual([0, 1000, 4000, 5000]);
  });
});
