/**
 * Incidents: an alert condition from the run that first saw it to the run that no longer does. Each is mailed
 * once when it starts and once more when it ends; a mail that could not go out is tried again by the next run
 * (and an incident that ended before its start could be mailed is told in one message, its end). Pure: the
 * ledger (incident-ledger.ts) keeps the list between runs.
 */
import type { AlertCondition, AlertKind } from './detect.ts';

export interface Incident {
  key: string;
  kind: AlertKind;
  /** The latest description (figures change while it lasts). */
  summary: string;
  startedAt: string;
  endedAt: string | null;
  startMailed: boolean;
}

export type Phase = 'start' | 'end';

export interface Notice {
  incident: Incident;
  phase: Phase;
}

export interface Advance {
  incidents: Incident[];
  started: Incident[];
  ended: Incident[];
  /** Mails due now; an incident leaves the ledger once its end is mailed. */
  notices: Notice[];
}

export function advanceIncidents(open: readonly Incident[], current: readonly AlertCondition[], nowIso: string): Advance {
  const now = new Map(current.map((c) => [c.key, c]));
  const known = new Set(open.map((i) => i.key));
  const started: Incident[] = [];
  const ended: Incident[] = [];
  const incidents = open.map((incident) => {
    if (incident.endedAt !== null) return incident;
    const condition = now.get(incident.key);
    if (condition) return { ...incident, summary: condition.summary };
    const closed = { ...incident, endedAt: nowIso };
    ended.push(closed);
    return closed;
  });
  for (const c of current) {
    if (known.has(c.key)) continue;
    const incident: Incident = { key: c.key, kind: c.kind, summary: c.summary, startedAt: nowIso, endedAt: null, startMailed: false };
    started.push(incident);
    incidents.push(incident);
  }
  const notices = incidents.flatMap((incident): Notice[] => {
    if (incident.endedAt !== null) return [{ incident, phase: 'end' }];
    return incident.startMailed ? [] : [{ incident, phase: 'start' }];
  });
  return { incidents, started, ended, notices };
}

/** The ledger after a notice went out (or may have: an uncertain send is not repeated). */
export function afterMailed(incidents: readonly Incident[], notice: Notice): Incident[] {
  if (notice.phase === 'end') return incidents.filter((i) => i.key !== notice.incident.key);
  return incidents.map((i) => (i.key === notice.incident.key ? { ...i, startMailed: true } : i));
}
