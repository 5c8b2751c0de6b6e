/**
 * The instant whose headquarters network "available" follows: the build's time, or the last instant of the
 * collection window once it is over (a finished campaign's network is the one it ended with, even if its
 * headquarters closed since). The pipeline classifies by it and records it; readers count open HQs at it.
 */
import type { Manifest } from '../cube/format';
import { hourOfIso, msOfHour } from '../time/hours';
import { deadlineHour } from './campaign-figures';

export function networkAsOfMs(campaign: Manifest['campaign'], nowMs: number): number {
  return Math.min(nowMs, msOfHour(deadlineHour(campaign)) - 1);
}

/** Hour of the data set's network; data sets built before it was recorded classified by registration time only, up to their last hour. */
export function networkHour(manifest: Manifest): number {
  const asOf = manifest.campaign.networkAsOf;
  return asOf ? hourOfIso(asOf) : manifest.hours.last;
}
