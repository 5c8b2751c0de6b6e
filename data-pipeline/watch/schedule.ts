/**
 * Runs a task at a fixed rate, one run at a time: the next starts at the next whole interval after the last one's
 * start, and a run that overruns its interval skips the slots it covered instead of queueing them (a late build
 * followed at once by another would only re-read the same exports). Stops when `signal` aborts: at once when
 * waiting, after the run in progress otherwise, so a build is never cut off halfway.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    })
};

/** Calls `run(n)` for n = 1, 2, … until aborted; returns how many runs there were. */
export async function runEvery(intervalMs: number, run: (n: number) => Promise<void>, signal: AbortSignal, clock: Clock = REAL_CLOCK): Promise<number> {
  let runs = 0;
  let slot = clock.now();
  while (!signal.aborted) {
    await run(++runs);
    const now = clock.now();
    slot += intervalMs * Math.max(1, Math.ceil((now - slot) / intervalMs));
    await clock.sleep(slot - now, signal);
  }
  return runs;
}
