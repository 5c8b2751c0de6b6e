/**
 * The dashboard's day bars and the report's days must be the same hours, or "yesterday" reads differently in
 * the e-mail and on the page. A US campaign crosses both DST changes, where a fixed offset would be an hour off.
 */
import { describe, expect, it } from 'vitest';
import type { CoreData } from '../../../shared/cube/dataset.ts';
import { FORMAT_NAME, STAGES, type FileEntry } from '../../../shared/cube/format.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import { recentDays } from '../../../shared/scan/regional-query.ts';
import { hourOfIso } from '../../../shared/time/hours.ts';
import { addDays, CampaignCalendar } from '../../../data-pipeline/report/campaign-day.ts';

const ZONE = 'America/New_York';
const FIRST = hourOfIso('2018-03-01T00:00Z');
const HOURS = 24 * 280; // to early December: both changes, 2018-03-11 and 2018-11-04

/** One registration in every hour, so a day bar's height is its length in hours. */
function everyHour(): CoreData {
  const file: FileEntry = { path: '', bytes: 0, sha256: '', rows: HOURS };
  const columns: Record<string, Int32Array> = { hour: Int32Array.from({ length: HOURS }, (_, k) => FIRST + k) };
  for (const key of ['region', 'source', 'distance']) columns[key] = new Int32Array(HOURS);
  for (const stage of STAGES) columns[stage] = new Int32Array(HOURS).fill(stage === 'registered' ? 1 : 0);
  return {
    manifest: {
      format: FORMAT_NAME,
      version: 1,
      generatedAt: '',
      campaign: { name: 'US', pack: 'us', timeZone: ZONE, window: { start: '2018-03-01', end: '2018-12-01' }, target: 0, totalCap: 0, regionCap: 0, nearKm: 0, dashboardUrl: null },
      hours: { first: FIRST, last: FIRST + HOURS - 1 },
      dimensions: { region: ['US-NY'], source: ['web'], distance: ['city'], channel: [], gateway: [], status: [] },
      stages: [...STAGES],
      files: { registrations: file, deliveries: file, regions: file, headquarters: file, events: file, shapes: file },
      counts: { read: HOURS, accepted: HOURS, rejected: 0 },
      totals: { registrations: { registered: HOURS, phone: 0, email: 0, questionnaire: 0, future: 0 }, deliveries: 0 },
      cities: { distinctSpellings: 0, matched: 0, ambiguous: 0, unresolved: 0, rowsResolved: 0 }
    },
    registrations: { rows: HOURS, columns },
    regions: [],
    headquarters: [],
    events: []
  };
}

describe('dashboard days and report days', () => {
  const engine = createEngine(everyHour());
  const bars = new Map(engine.series(24).map((p) => [p.hour, p.counts.registered]));
  const report = new CampaignCalendar(ZONE);

  it('are the same hours on every day around both DST changes', () => {
    const around = [...report.daysEnding('2018-03-14', 7), ...report.daysEnding('2018-11-07', 7)];
    for (const day of around) expect(bars.get(day.startHour), day.date).toBe(day.endHour - day.startHour);
    expect(report.day('2018-03-11')).toEqual({ date: '2018-03-11', startHour: hourOfIso('2018-03-11T05:00Z'), endHour: hourOfIso('2018-03-12T04:00Z') });
    expect(bars.get(hourOfIso('2018-03-11T05:00Z'))).toBe(23);
    expect(bars.get(hourOfIso('2018-11-04T04:00Z'))).toBe(25);
  });

  it('start the summer day at 04:00Z, not at the winter 05:00Z', () => {
    const july15 = report.day('2018-07-15');
    expect(july15.startHour).toBe(hourOfIso('2018-07-15T04:00Z'));
    expect(bars.get(july15.startHour)).toBe(24);
    expect(bars.has(hourOfIso('2018-07-15T05:00Z'))).toBe(false);
  });

  it('cover every hour once, as the report\'s consecutive days do', () => {
    // The first and last bars are the days the data starts and ends inside.
    const whole = [...bars.keys()].slice(1, -1);
    expect(whole).toEqual(whole.map((_, i) => report.day(addDays('2018-03-01', i)).startHour));
    expect([...bars.values()].reduce((a, b) => a + b, 0)).toBe(HOURS);
  });

  it('count the recent complete days by local midnights', () => {
    const end = report.day('2018-11-08').startHour;
    const recent = recentDays(end - 24 * 30, end, ZONE);
    expect(recent).toEqual({ from: report.day('2018-11-01').startHour, to: end, days: 7 });
    expect(recent.to - recent.from).toBe(7 * 24 + 1);
  });
});
