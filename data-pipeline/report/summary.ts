/**
 * The report's sentences, built once from the figures and shared by the text and HTML renderings, so the
 * two can never say different things: the HTML only adds layout and emphasis. Every sentence is a message
 * in messages/<language>.json, in the figures' language.
 */
import { isCancelled } from '../../shared/cube/format.ts';
import { eventKindLabel } from '../../shared/i18n/labels.ts';
import { formatLongDate } from '../../shared/i18n/language.ts';
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { ReportFigures, RegionMove, RegionReadiness, StageFigures } from './figures.ts';
import { change, delta, int, localTime, localTimeOfIso, percent } from './text-format.ts';

/** How many regions to name in each list; the CSV attachment has all of them. */
const NAMED = 5;

/** "Campaign" or, scoped, "Campaign, Region A, Region B": the subject says whose report it is. */
const title = (f: ReportFigures): string => (f.scope ? `${f.campaign}, ${f.scope.names.join(', ')}` : f.campaign);

export function subject(f: ReportFigures): string {
  const reg = f.stages[0];
  const locale = f.language;
  return m.report_subject(
    { campaign: title(f), date: f.day.date, registered: int(reg.day, locale), change: change(reg.day, reg.previousDay, locale), future: int(f.totals.future, locale) },
    { locale }
  );
}

export function heading(f: ReportFigures): string {
  return m.report_heading({ campaign: title(f), date: formatLongDate(f.day.date, f.language), timeZone: f.timeZone }, { locale: f.language });
}

/** A scoped report's one line of national context; null for the national report. */
export function nationalLine(f: ReportFigures): string | null {
  if (!f.scope) return null;
  const n = f.national;
  const locale = f.language;
  return m.report_national({ registered: int(n.registered, locale), future: int(n.future, locale), target: int(n.target, locale), share: percent(n.target > 0 ? n.future / n.target : 1, locale) }, { locale });
}

/** What the campaign has not configured yet, so empty sections read as missing input, not as zero. */
export function notConfiguredLine(f: ReportFigures): string | null {
  if (f.notConfigured.length === 0) return null;
  return m.report_not_configured({ missing: f.notConfigured.join(', ') }, { locale: f.language });
}

export function stageComparisons(f: ReportFigures, s: StageFigures): string[] {
  const locale = f.language;
  const vs = (reference: number) => ({ change: change(s.day, reference, locale), value: int(reference, locale) });
  return [
    m.report_vs_day_before(vs(s.previousDay), { locale }),
    m.report_vs_last_weekday(vs(s.sameWeekdayLastWeek), { locale }),
    m.report_vs_average(vs(s.average7), { locale }),
    m.report_to_date({ value: int(s.toDate, locale) }, { locale })
  ];
}

export function totalsLines(f: ReportFigures): string[] {
  const t = f.totals;
  const c = t.campaign;
  const locale = f.language;
  return [
    m.report_total_available({ future: int(t.future, locale), available: int(c.available, locale) }, { locale }),
    m.report_capped_total(
      { capped: int(c.cappedTotal, locale), toTarget: percent(c.toTarget ?? 1, locale), target: int(c.target, locale), shareOfCap: percent(c.shareOfCap ?? 1, locale), totalCap: int(c.totalCap, locale) },
      { locale }
    ),
    m.report_days_left({ end: t.windowEnd, days: t.daysLeft }, { locale }),
    m.report_forecast_range({ value: int(c.forecast.value, locale), low: int(c.forecast.low, locale), high: int(c.forecast.high, locale) }, { locale })
  ];
}

export function regionLines(f: ReportFigures): { label: string; text: string }[] {
  const locale = f.language;
  const none = m.none({}, { locale });
  const move = (r: RegionMove): string =>
    m.report_move({ name: r.name, day: int(r.day, locale), change: delta(r.change, locale), previous: int(r.previousDay, locale) }, { locale });
  const named = (list: RegionReadiness[], item: (r: RegionReadiness) => string): string =>
    list.length === 0
      ? none
      : list.slice(0, NAMED).map(item).join('; ') + (list.length > NAMED ? `; ${m.report_and_more({ n: list.length - NAMED }, { locale })}` : '');
  const capShare = (r: RegionReadiness): string => `${r.name} ${int(r.available, locale)}/${int(r.cap, locale)}`;
  const reachedToday = f.reachedCap.filter((r) => r.reachedOnTheDay);
  return [
    { label: m.report_up_most({}, { locale }), text: f.movedUp.length ? f.movedUp.map(move).join('; ') : none },
    { label: m.report_down_most({}, { locale }), text: f.movedDown.length ? f.movedDown.map(move).join('; ') : none },
    {
      label: m.report_reached_cap({ n: f.reachedCap.length }, { locale }),
      text: named(f.reachedCap, capShare) + (reachedToday.length ? ` — ${m.report_new_on_day({ names: reachedToday.map((r) => r.name).join(', ') }, { locale })}` : '')
    },
    {
      label: m.report_at_risk({ n: f.atRisk.length }, { locale }),
      text: named(f.atRisk, (r) => m.report_region_forecast({ name: r.name, available: int(r.available, locale), cap: int(r.cap, locale), forecast: int(r.forecast, locale) }, { locale }))
    }
  ];
}

export function headquartersLines(f: ReportFigures): string[] {
  return f.headquartersOpened.map((hq) =>
    m.report_hq_opened({ name: hq.name, city: hq.city, region: hq.regionCode, time: localTimeOfIso(hq.opened, f.timeZone) }, { locale: f.language })
  );
}

export function eventLines(f: ReportFigures): string[] {
  const locale = f.language;
  return f.events.map(({ event, lift }) => {
    // A cancelled event is listed (people may have come anyway) but is not attributed anything.
    const estimate = isCancelled(event)
      ? m.report_event_cancelled({}, { locale })
      : lift === null || lift.end <= lift.start
        ? m.report_event_no_data({}, { locale })
        : m.report_event_lift({ lift: delta(lift.lift, locale), low: int(lift.low, locale), high: int(lift.high, locale), hours: lift.end - lift.start }, { locale });
    const rsvps = event.rsvps === undefined ? '' : `, ${m.report_event_rsvps({ n: int(event.rsvps, locale) }, { locale })}`;
    return `${localTimeOfIso(event.time, f.timeZone)} ${event.title} [${eventKindLabel(event.kind, locale)}${event.regionCode ? `, ${event.regionCode}` : ''}${rsvps}]: ${estimate}`;
  });
}

export function deliverabilityLines(f: ReportFigures): { outages: string[]; gateways: string[] } {
  const d = f.deliverability;
  const locale = f.language;
  return {
    outages: d.outages.map((o) =>
      m.report_outage(
        {
          gateway: `${o.channel}/${o.gateway}`,
          from: localTime(o.from, f.timeZone),
          to: localTime(o.to, f.timeZone),
          hours: o.to - o.from,
          delivered: int(o.delivered, locale),
          volume: int(o.volume, locale),
          share: percent(o.share, locale),
          threshold: percent(d.threshold, locale)
        },
        { locale }
      )
    ),
    gateways: d.gateways.map((g) =>
      m.report_gateway({ gateway: `${g.channel}/${g.gateway}`, share: percent(g.messages > 0 ? g.delivered / g.messages : 0, locale), messages: int(g.messages, locale) }, { locale })
    )
  };
}
