/** The plain-text report: the same sentences as the HTML, for the text/plain part and terminals. */
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { ReportFigures } from './figures.ts';
import { deliverabilityLines, eventLines, headquartersLines, heading, nationalLine, notConfiguredLine, regionLines, stageComparisons, totalsLines } from './summary.ts';
import { int } from './text-format.ts';

export function renderText(f: ReportFigures): string {
  const locale = f.language;
  const upper = (s: string): string => s.toLocaleUpperCase(locale);
  const none = m.none({}, { locale });
  const national = nationalLine(f);
  const missing = notConfiguredLine(f);
  const out: string[] = [heading(f), ...(national ? [national] : []), ...(missing ? [missing] : []), ''];
  for (const s of f.stages) out.push(`${s.label}: ${int(s.day, locale)}`, ...stageComparisons(f, s).map((c) => `  ${c}`));
  out.push('', upper(m.report_totals({}, { locale })), ...totalsLines(f).map((l) => `  ${l}`));
  out.push('', upper(m.report_regions({}, { locale })), ...regionLines(f).map((r) => `  ${r.label}: ${r.text}`));
  const hq = headquartersLines(f);
  out.push('', upper(m.report_new_hq({ n: hq.length }, { locale })), ...(hq.length ? hq : [none]).map((l) => `  ${l}`));
  const ev = eventLines(f);
  out.push('', upper(m.report_events({ n: ev.length }, { locale })), ...(ev.length ? ev : [none]).map((l) => `  ${l}`));
  const del = deliverabilityLines(f);
  out.push('', upper(m.report_deliverability({}, { locale })), ...[...del.outages, ...del.gateways].map((l) => `  ${l}`));
  if (del.gateways.length === 0) out.push(`  ${m.report_no_messages({}, { locale })}`);
  out.push('', m.report_readiness_attached({}, { locale }));
  if (f.dashboardUrl) out.push(m.report_dashboard_for_day({ url: f.dashboardUrl }, { locale }));
  return out.join('\n') + '\n';
}
