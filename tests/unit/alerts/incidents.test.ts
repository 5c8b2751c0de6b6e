import { describe, expect, it } from 'vitest';
import type { AlertCondition } from '../../../data-pipeline/alerts/detect.ts';
import { advanceIncidents, afterMailed, type Incident } from '../../../data-pipeline/alerts/incidents.ts';

const outage = (summary = 'smsbeta down'): AlertCondition => ({ key: 'gateway-outage sms/smsbeta', kind: 'gateway-outage', sinceHour: 1, summary });
const cap: AlertCondition = { key: 'region-cap RU-MOW', kind: 'region-cap', sinceHour: 1, summary: 'Moscow at cap' };

/** Runs the checks in order, mailing every notice as it falls due; returns the mails in order. */
function run(checks: AlertCondition[][]): { mails: string[]; ledger: Incident[] } {
  let ledger: Incident[] = [];
  const mails: string[] = [];
  checks.forEach((current, i) => {
    const advance = advanceIncidents(ledger, current, `t${i}`);
    ledger = advance.incidents;
    for (const notice of advance.notices) {
      mails.push(`${notice.phase} ${notice.incident.key} @t${i}`);
      ledger = afterMailed(ledger, notice);
    }
  });
  return { mails, ledger };
}

describe('incidents', () => {
  it('mail once when an incident starts and once when it ends, however many checks see it', () => {
    const { mails, ledger } = run([[], [outage()], [outage('worse')], [outage(), cap], [cap], [cap], []]);
    expect(mails).toEqual(['start gateway-outage sms/smsbeta @t1', 'start region-cap RU-MOW @t3', 'end gateway-outage sms/smsbeta @t4', 'end region-cap RU-MOW @t6']);
    expect(ledger).toEqual([]);
  });

  it('a condition that comes back after its end is a new incident', () => {
    expect(run([[outage()], [], [outage()]]).mails).toEqual(['start gateway-outage sms/smsbeta @t0', 'end gateway-outage sms/smsbeta @t1', 'start gateway-outage sms/smsbeta @t2']);
  });

  it('keeps a notice that was not mailed for the next run, with the latest figures', () => {
    const first = advanceIncidents([], [outage('smsbeta 20%')], 't0');
    expect(first.started.map((i) => i.startedAt)).toEqual(['t0']);
    // The start mail failed: nothing marked; the next check owes it still, with its new summary.
    const second = advanceIncidents(first.incidents, [outage('smsbeta 5%')], 't1');
    expect(second.started).toEqual([]);
    expect(second.notices.map((n) => [n.phase, n.incident.summary, n.incident.startedAt])).toEqual([['start', 'smsbeta 5%', 't0']]);
    // It ends before its start could be mailed: one message, its end.
    const third = advanceIncidents(second.incidents, [], 't2');
    expect(third.ended.map((i) => i.endedAt)).toEqual(['t2']);
    expect(third.notices.map((n) => n.phase)).toEqual(['end']);
    expect(afterMailed(third.incidents, third.notices[0])).toEqual([]);
  });
});
