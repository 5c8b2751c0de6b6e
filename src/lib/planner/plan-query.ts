/**
 * The headquarters plan in the URL, beside the filters (shared/link/filter-query.ts): `hq-open` lists the cities'
 * GeoNames ids where an office is planned, `hq-close` the ids of offices to close. Unknown ids are dropped, since
 * a link may outlive a data set; an empty plan leaves no parameter.
 */
import type { Plan } from '$shared/metrics/hq-planner';

export const PLAN_KEYS = ['hq-open', 'hq-close'] as const;

function list(params: URLSearchParams, key: string): string[] {
  return [...new Set((params.get(key) ?? '').split(',').map((s) => s.trim()))].filter((s) => s !== '');
}

function planOf(params: URLSearchParams): Plan {
  return { open: list(params, 'hq-open').map(Number), close: list(params, 'hq-close') };
}

export function planFromQuery(search: string, cityIds: ReadonlySet<number>, officeIds: ReadonlySet<string>): Plan {
  const plan = planOf(new URLSearchParams(search));
  return { open: plan.open.filter((id) => cityIds.has(id)), close: plan.close.filter((id) => officeIds.has(id)) };
}

/** `search` with the plan's parameters set (or removed when empty), every other parameter kept. */
export function queryWithPlan(search: string, plan: Plan): string {
  const params = new URLSearchParams(search);
  const values: Record<(typeof PLAN_KEYS)[number], string[]> = { 'hq-open': plan.open.map(String), 'hq-close': plan.close };
  for (const key of PLAN_KEYS) {
    if (values[key].length > 0) params.set(key, values[key].join(','));
    else params.delete(key);
  }
  const q = params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
  return q ? `?${q}` : '';
}

/**
 * The page's query with the plan parameters `search` holds, appended: rewriting the filters keeps the plan, and
 * every other parameter stays exactly as the page wrote it.
 */
export function keepPlan(query: string, search: string): string {
  const plan = queryWithPlan('', planOf(new URLSearchParams(search)));
  if (plan === '') return query;
  return query ? `${query}&${plan.slice(1)}` : plan;
}

/** The plan with `cityId`'s planned office added, or removed when it is already planned. */
export function toggleOpen(plan: Plan, cityId: number): Plan {
  return { ...plan, open: plan.open.includes(cityId) ? plan.open.filter((id) => id !== cityId) : [...plan.open, cityId] };
}

/** The plan with office `id` closed, or kept open again when it was closed. */
export function toggleClose(plan: Plan, id: string): Plan {
  return { ...plan, close: plan.close.includes(id) ? plan.close.filter((x) => x !== id) : [...plan.close, id] };
}
