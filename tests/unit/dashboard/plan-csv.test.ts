import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/csv/csv.ts';
import { HqPlanner } from '../../../shared/metrics/hq-planner.ts';
import { PLAN_CSV_HEADER, planCsv } from '../../../src/lib/planner/plan-csv.ts';

describe('planCsv', () => {
  it('writes the totals, the plan and the ranked candidates under one header', () => {
    const cities = [
      { id: 1, name: 'A', region: 'R', lat: 50, lon: 40, future: 80, recent: 7 },
      { id: 2, name: '=B', region: 'R', lat: 52, lon: 40, future: 30, recent: 0 }
    ];
    const planner = new HqPlanner({ cities, caps: new Map([['R', 100]]), offices: [{ id: 'x', lat: 50, lon: 40 }], nearKm: 10, recentDays: 7, daysLeft: 7, target: 500 });
    const plan = { open: [2], close: ['x'] };
    const text = planCsv(plan, planner.evaluate(plan), planner.candidates(plan), (id) => cities.find((c) => c.id === id), () => 'Office X');
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(header).toEqual(PLAN_CSV_HEADER);
    expect(rows[0]).toEqual(['today', '', '', '', '', '', '80', '80', '87', '500']);
    expect(rows[1]).toEqual(['plan', '', '', '', '', '', '30', '30', '30', '500']);
    expect(rows[2].slice(0, 4)).toEqual(['open', '', "'=B", 'R']);
    expect(rows[3].slice(0, 3)).toEqual(['close', '', 'Office X']);
    expect(rows[4].slice(0, 6)).toEqual(['candidate', '1', 'A', 'R', '70', '80']);
  });
});
