/**
 * Sanity gates between a finished build and its publish: a build that reads a file in the wrong encoding, a
 * header-only export or a broken form still "succeeds", and would replace good figures with garbage. Each gate
 * compares the new set with the one it would replace (or, for the city match rate, with a floor as well); a build
 * past a limit is not published unless forced, and says which limit and why.
 */
import type { Manifest } from '../../shared/cube/format.ts';
import type { PublishLimits } from '../config/campaign.ts';

export const DEFAULT_LIMITS: Required<PublishLimits> = {
  maxAcceptedDrop: 0.5,
  maxMatchRateDrop: 0.2,
  minMatchRate: 0.5,
  maxRejectedShareRise: 0.1
};

/** Below this many accepted rows the match rate says little (a campaign's first hours): its floor is not applied. */
const MATCH_RATE_MIN_ROWS = 200;

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const matchRate = (m: Manifest): number => (m.counts.accepted ? m.cities.rowsResolved / m.counts.accepted : 0);
const rejectedShare = (m: Manifest): number => (m.counts.read ? m.counts.rejected / m.counts.read : 0);

/** The reasons not to publish `next` over `previous` (null: nothing published yet); empty when it may go out. */
export function publishGateProblems(next: Manifest, previous: Manifest | null, limits: PublishLimits = {}): string[] {
  const l = { ...DEFAULT_LIMITS, ...limits };
  const problems: string[] = [];
  if (next.counts.accepted >= MATCH_RATE_MIN_ROWS && matchRate(next) < l.minMatchRate) {
    problems.push(`only ${pct(matchRate(next))} of accepted registrations have a recognised city (floor ${pct(l.minMatchRate)}: publishLimits.minMatchRate); a wrong encoding is the usual cause — check the source's profile.encoding`);
  }
  if (!previous) return problems;
  const before = previous.counts.accepted;
  if (before > 0 && next.counts.accepted < before * (1 - l.maxAcceptedDrop)) {
    problems.push(`accepted registrations fell from ${before} to ${next.counts.accepted} (more than ${pct(l.maxAcceptedDrop)}: publishLimits.maxAcceptedDrop); an empty or truncated export is the usual cause`);
  }
  if (previous.counts.accepted >= MATCH_RATE_MIN_ROWS && matchRate(previous) - matchRate(next) > l.maxMatchRateDrop) {
    problems.push(`the city match rate fell from ${pct(matchRate(previous))} to ${pct(matchRate(next))} (more than ${pct(l.maxMatchRateDrop)}: publishLimits.maxMatchRateDrop)`);
  }
  if (rejectedShare(next) - rejectedShare(previous) > l.maxRejectedShareRise) {
    problems.push(`the rejected share rose from ${pct(rejectedShare(previous))} to ${pct(rejectedShare(next))} (more than ${pct(l.maxRejectedShareRise)}: publishLimits.maxRejectedShareRise); see rejects.csv for the reasons`);
  }
  return problems;
}
