/** The plain-text report: the same sentences as the HTML, for the text/plain part and terminals. */
import type { ReportFigures } from './figures.ts';
import { deliverabilityLines, eventLines, headquartersLines, heading, nationalLine, regionLines, stageComparisons, totalsLines } from './summary.ts';
import { int } from './text-format.ts';

export function renderText(f: ReportFigures): string {
  const national = nationalLine(f);
  const out: string[] = [heading(f), ...(national ? [national] : []), ''];
  for (const s of f.stages) out.push(`${s.label}: ${int(s.day)}`, ...stageComparisons(f, s).map((c) => `  ${c}`));
  out.push('', 'TOTALS', ...totalsLines(f).map((l) => `  ${l}`));
  out.push('', 'REGIONS', ...regionLines(f).map((r) => `  ${r.label}: ${r.text}`));
  const hq = headquartersLines(f);
  out.push('', `NEW HEADQUARTERS (${hq.length})`, ...(hq.length ? hq : ['none']).map((l) => `  ${l}`));
  const ev = eventLines(f);
  out.push('', `EVENTS (${ev.length})`, ...(ev.length ? ev : ['none']).map((l) => `  ${l}`));
  const del = deliverabilityLines(f);
  out.push('', 'DELIVERABILITY', ...[...del.outages, ...del.gateways].map((l) => `  ${l}`));
  if (del.gateways.length === 0) out.push('  no messages on this day');
  out.push('', 'Per-region readiness: readiness.csv (attached).');
  if (f.dashboardUrl) out.push(`Dashboard for this day: ${f.dashboardUrl}`);
  return out.join('\n') + '\n';
}
