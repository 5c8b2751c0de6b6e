/**
 * The share of new registrations from a group of regions, per hour: how the campaign's geography shifts
 * (the reference campaign saw Moscow and St Petersburg fall from 35 % to 15 % of new registrations). Under the
 * source and distance filters; not the region filter, which picks the group, nor the time filter, so a brush
 * move only moves the highlight over it.
 */
import type { CubeRows } from './cube-rows';
import type { Masks } from './filter-masks';

export interface GroupHours {
  /** Registrations by hour − first: from the group's regions, and from every region. */
  group: Float64Array;
  all: Float64Array;
}

/** `inGroup` is 1 by region index for the group's regions. */
export function groupHours(cube: CubeRows, masks: Masks, inGroup: Uint8Array): GroupHours {
  const group = new Float64Array(cube.nHours);
  const all = new Float64Array(cube.nHours);
  const hours = cube.hours;
  const { region, source, distance, registered } = cube.whole.cols;
  for (let i = 0; i < hours.length; i++) {
    if ((masks.source[source[i]] & masks.distance[distance[i]]) === 0) continue;
    const h = hours[i] - cube.first;
    all[h] += registered[i];
    if (inGroup[region[i]] === 1) group[h] += registered[i];
  }
  return { group, all };
}
