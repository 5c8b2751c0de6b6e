/**
 * The report's sentences, built once from the figures and shared by the text and HTML renderings, so the
 * two can never say different things: the HTML only adds layout and emphasis.
 */
import { isCancelled } from '../../shared/cube/format.ts';
import { weekdayName } from './campaign-day.ts';
import type { ReportFigures, RegionMove, RegionReadiness, StageFigures } from './figures.ts';
import { change, delta, int, localTime, localTimeOfIso, percent } from './text-format.ts';

/** How many regions to name in each list; the CSV attachment has all of them. */
const NAMED = 5;

/** "Campaign" or, scoped, "Campaign, Region A, Region B": the subject says whose report it is. */
const title = (f: ReportFigures): string => (f.scope ? `${f.campaign}, ${f.scope.names.join(', ')}` : f.campaign);

export function subject(f: ReportFigures): string {
  const reg = f.stages[0];
  return `${title(f)}: ${f.day.date} — ${int(reg.day)} registered (${change(reg.day, reg.previousDay)}), ${int(f.totals.future)} future signatures`;
}

export function heading(f: ReportFigures): string {
  return `${title(f)} — daily report for ${weekdayName(f.day.date)} ${f.day.date} (${f.timeZone})`;
}

/** A scoped report's one line of national context; null for the national report. */
export function nationalLine(f: ReportFigures): string | null {
  if (!f.scope) return null;
  const n = f.national;
  return `Whole campaign: ${int(n.registered)} registered on the day, ${int(n.future)} future signatures to date of the target ${int(n.target)} (${percent(n.target > 0 ? n.future / n.target : 1)})`;
}

export function stageComparisons(f: ReportFigures, s: StageFigures): string[] {
  const weekday = weekdayName(f.day.date).slice(0, 3);
  return [
    `${change(s.day, s.previousDay)} vs the day before (${int(s.previousDay)})`,
    `${change(s.day, s.sameWeekdayLastWeek)} vs last ${weekday} (${int(s.sameWeekdayLastWeek)})`,
    `${change(s.day, s.average7)} vs the 7-day average (${int(s.average7)})`,
    `${int(s.toDate)} to date`
  ];
}

export function totalsLines(f: ReportFigures): string[] {
  const t = f.totals;
  const c = t.campaign;
  return [
    `Future signatures to date: ${int(t.future)}; available (HQ in or near the city today): ${int(c.available)}`,
    `Capped total (available within the caps): ${int(c.cappedTotal)} — ${percent(c.toTarget ?? 1)} of the target ${int(c.target)}, ${percent(c.shareOfCap ?? 1)} of the total cap ${int(c.totalCap)}`,
    `Days left in the window (to ${t.windowEnd}): ${t.daysLeft}`,
    `Forecast capped total at the deadline: ${int(c.forecast.value)} (80 % range ${int(c.forecast.low)}–${int(c.forecast.high)}; the last 7 days' pace and spread)`
  ];
}

const move = (m: RegionMove): string => `${m.name} ${int(m.day)} (${delta(m.change)} vs the 7-day average, ${int(m.previousDay)} the day before)`;
const named = (list: RegionReadiness[], item: (r: RegionReadiness) => string): string =>
  list.length === 0 ? 'none' : list.slice(0, NAMED).map(item).join('; ') + (list.length > NAMED ? `; and ${list.length - NAMED} more` : '');

export function regionLines(f: ReportFigures): { label: string; text: string }[] {
  const reachedToday = f.reachedCap.filter((r) => r.reachedOnTheDay);
  return [
    { label: 'Up most', text: f.movedUp.length ? f.movedUp.map(move).join('; ') : 'none' },
    { label: 'Down most', text: f.movedDown.length ? f.movedDown.map(move).join('; ') : 'none' },
    {
      label: `Reached the cap (${f.reachedCap.length})`,
      text:
        named(f.reachedCap, (r) => `${r.name} ${int(r.available)}/${int(r.cap)}`) +
        (reachedToday.length ? ` — new on this day: ${reachedToday.map((r) => r.name).join(', ')}` : '')
    },
    {
      label: `At risk of missing the cap (${f.atRisk.length})`,
      text: named(f.atRisk, (r) => `${r.name} ${int(r.available)}/${int(r.cap)}, forecast ${int(r.forecast)}`)
    }
  ];
}

export function headquartersLines(f: ReportFigures): string[] {
  return f.headquartersOpened.map((hq) => `${hq.name} (${hq.city}, ${hq.regionCode}), opened ${localTimeOfIso(hq.opened, f.timeZone)}`);
}

export function eventLines(f: ReportFigures): string[] {
  return f.events.map(({ event, lift }) => {
    // A cancelled event is listed (people may have come anyway) but is not attributed anything.
    const estimate = isCancelled(event)
      ? 'cancelled'
      : lift === null || lift.end <= lift.start
        ? 'no data after it yet'
        : `${delta(lift.lift)} registrations attributed to it (range ${int(lift.low)}–${int(lift.high)}) over the ${lift.end - lift.start} h after it`;
    const rsvps = event.rsvps === undefined ? '' : `, ${int(event.rsvps)} RSVPs`;
    return `${localTimeOfIso(event.time, f.timeZone)} ${event.title} [${event.kind}${event.regionCode ? `, ${event.regionCode}` : ''}${rsvps}]: ${estimate}`;
  });
}

export function deliverabilityLines(f: ReportFigures): { outages: string[]; gateways: string[] } {
  const d = f.deliverability;
  return {
    outages: d.outages.map(
      (o) =>
        `OUTAGE ${o.channel}/${o.gateway} ${localTime(o.from, f.timeZone)}–${localTime(o.to, f.timeZone)} (${o.to - o.from} h): ` +
        `${int(o.delivered)} of ${int(o.volume)} delivered (${percent(o.share)}, threshold ${percent(d.threshold)})`
    ),
    gateways: d.gateways.map((g) => `${g.channel}/${g.gateway}: ${percent(g.messages > 0 ? g.delivered / g.messages : 0)} delivered of ${int(g.messages)}`)
  };
}
