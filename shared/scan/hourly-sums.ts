/**
 * Hourly stage sums over the whole cube under the categorical filters: the series behind the time chart (which
 * ignores the time filter) and the report's hourly registrations. Read in stored order, so it needs no day index.
 */
import type { CubeRows } from './cube-rows';
import type { Masks } from './filter-masks';
import { N_STAGES } from './stage-counts';

/** Five-stage sums by hour − `first` for the `nHours` hours from `first`; rows outside them are not counted. */
export function hourlySums(cube: CubeRows, first: number, nHours: number, masks: Masks): Float64Array {
  const sums = new Float64Array(nHours * N_STAGES);
  const hours = cube.hours;
  const { region, source, distance, registered, phone, email, questionnaire, future } = cube.whole.cols;
  for (let i = 0; i < hours.length; i++) {
    if ((masks.region[region[i]] & masks.source[source[i]] & masks.distance[distance[i]]) === 0) continue;
    const h = hours[i] - first;
    if (h < 0 || h >= nHours) continue;
    const base = h * N_STAGES;
    sums[base] += registered[i];
    sums[base + 1] += phone[i];
    sums[base + 2] += email[i];
    sums[base + 3] += questionnaire[i];
    sums[base + 4] += future[i];
  }
  return sums;
}
