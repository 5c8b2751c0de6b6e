import { describe, expect, it } from 'vitest';
import { keepPlan, planFromQuery, queryWithPlan, toggleClose, toggleOpen } from '../../../src/lib/planner/plan-query.ts';

describe('the headquarters plan in the URL', () => {
  it('round-trips, keeping the filters, and drops unknown ids', () => {
    const q = queryWithPlan('?region=RU-MOW&stage=future', { open: [524901, 498817], close: ['hq-3'] });
    expect(q).toBe('?region=RU-MOW&stage=future&hq-open=524901,498817&hq-close=hq-3');
    expect(planFromQuery(q, new Set([524901]), new Set(['hq-3']))).toEqual({ open: [524901], close: ['hq-3'] });
    expect(queryWithPlan(q, { open: [], close: [] })).toBe('?region=RU-MOW&stage=future');
  });

  it('survives the filters being rewritten', () => {
    expect(keepPlan('?stage=phone', '?region=X&hq-open=1,2')).toBe('?stage=phone&hq-open=1,2');
    expect(keepPlan('', '?region=X')).toBe('');
  });

  it('toggles an office on and off', () => {
    const p = toggleOpen({ open: [], close: [] }, 7);
    expect(p.open).toEqual([7]);
    expect(toggleOpen(p, 7).open).toEqual([]);
    expect(toggleClose(toggleClose(p, 'a'), 'a').close).toEqual([]);
  });
});
