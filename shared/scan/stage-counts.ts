/**
 * Stage tallies as the kernel keeps them: flat Float64Arrays of five-stage slots (slot k is stages
 * k·5 … k·5 + 4, in STAGES order), turned into `StageCounts` records only at the edge, where a view reads them.
 */
import { STAGES } from '../cube/format';
import type { StageCounts } from './types';

export const N_STAGES = STAGES.length;

export function zeroCounts(): StageCounts {
  return { registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 };
}

/** Stage counts from slot `at` of a flat array of five-stage tallies. */
export function countsAt(sums: Float64Array, at: number): StageCounts {
  const base = at * N_STAGES;
  return { registered: sums[base], phone: sums[base + 1], email: sums[base + 2], questionnaire: sums[base + 3], future: sums[base + 4] };
}
