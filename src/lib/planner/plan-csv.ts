/**
 * The plan as a CSV for people: today's and the plan's totals against the target, the offices opened and closed,
 * then every candidate by rank. One header for all rows; a row fills the columns that apply to its kind.
 */
import { toCsv } from '$shared/csv/csv';
import type { Candidate, Plan, PlanOutcome, PlannerCity } from '$shared/metrics/hq-planner';

export const PLAN_CSV_HEADER = ['Kind', 'Rank', 'City or office', 'Region', 'Capped gain', 'Unreached supporters', 'Available', 'Capped total', 'Forecast (capped)', 'Target'];

export function planCsv(
  plan: Plan,
  outcome: PlanOutcome,
  candidates: readonly Candidate[],
  cityOf: (id: number) => PlannerCity | undefined,
  officeName: (id: string) => string
): string {
  const totals = (kind: string, t: PlanOutcome['today']) => [kind, null, null, null, null, null, t.available, t.capped, t.forecast, outcome.target];
  const rows = [
    totals('today', outcome.today),
    totals('plan', outcome.plan),
    ...plan.open.map((id) => ['open', null, cityOf(id)?.name ?? String(id), cityOf(id)?.region ?? null]),
    ...plan.close.map((id) => ['close', null, officeName(id), null]),
    ...candidates.map((c, i) => ['candidate', i + 1, c.city.name, c.city.region, c.gain, c.unreached])
  ];
  return toCsv(PLAN_CSV_HEADER, rows);
}
