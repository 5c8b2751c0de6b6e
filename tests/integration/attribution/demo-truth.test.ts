/**
 * Attribution against what the demo knows each event added, on seeds held out from tuning the response curves
 * (tests/support/attribution-error.ts lists both). 150k registrations: the smallest size at which a dozen
 * events per campaign add ≥ 1,000; the bench runs the tuning seeds and more held-out ones.
 */
import { describe, expect, it } from 'vitest';
import { attributionError, HELD_OUT_SEEDS } from '../../support/attribution-error.ts';

const N = 150_000;

describe('event attribution against the demo truth (held-out seeds)', () => {
  for (const pack of ['ru', 'us'] as const) {
    it(`${pack}, seed ${HELD_OUT_SEEDS[0]}: ≥ 80 % of events within ±25 %, none over twice its truth`, async () => {
      const e = await attributionError(pack, HELD_OUT_SEEDS[0], N);
      expect(e.scored.length).toBeGreaterThanOrEqual(5);
      expect(e.within25).toBeGreaterThanOrEqual(0.8);
      expect(e.overTwice).toBe(0);
    }, 300_000);
  }
});
