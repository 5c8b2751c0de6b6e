/**
 * The HTML report, for a phone first: one column, inline styles only (mail clients strip <style> and
 * classes), headline numbers at the top so the gist takes thirty seconds, detail further down.
 * Images are referenced through `imageSrc`: `cid:` URLs in mail, file names for --out.
 */
import type { Chart } from './charts.ts';
import type { ReportFigures } from './figures.ts';
import { deliverabilityLines, eventLines, headquartersLines, heading, nationalLine, regionLines, stageComparisons, totalsLines } from './summary.ts';
import { change, int } from './text-format.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FONT = "-apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
const S = {
  body: `margin:0;padding:0;background:#f5f7fa;font-family:${FONT};color:#1f2933;`,
  wrap: 'max-width:640px;margin:0 auto;padding:12px;',
  h1: 'font-size:18px;line-height:1.3;margin:4px 0 12px;',
  h2: 'font-size:15px;margin:20px 0 6px;border-bottom:1px solid #e4e7eb;padding-bottom:4px;',
  card: 'background:#ffffff;border-radius:8px;padding:10px 12px;margin:0 0 8px;',
  label: 'font-size:13px;color:#52606d;',
  big: 'font-size:28px;font-weight:bold;line-height:1.2;',
  up: 'color:#2f8132;font-weight:bold;',
  down: 'color:#ba2525;font-weight:bold;',
  small: 'font-size:13px;color:#52606d;margin:2px 0 0;',
  p: 'font-size:14px;line-height:1.45;margin:4px 0;',
  alert: 'font-size:14px;line-height:1.45;margin:4px 0;padding:8px;background:#ffe3e3;color:#8a041a;border-radius:6px;',
  img: 'display:block;width:100%;max-width:640px;height:auto;margin:8px 0;border:0;'
};

function stageCard(f: ReportFigures, index: number): string {
  const s = f.stages[index];
  const c = change(s.day, s.previousDay);
  const tone = c.startsWith('+') ? S.up : c.startsWith('−') ? S.down : '';
  const rest = stageComparisons(f, s).slice(1);
  return (
    `<div style="${S.card}"><div style="${S.label}">${esc(s.label)}</div>` +
    `<div><span style="${S.big}">${int(s.day)}</span> <span style="${tone}">${esc(c)}</span> <span style="${S.label}">vs the day before</span></div>` +
    rest.map((r) => `<div style="${S.small}">${esc(r)}</div>`).join('') +
    '</div>'
  );
}

const para = (text: string, style = S.p): string => `<p style="${style}">${esc(text)}</p>`;
const section = (title: string, lines: string[]): string => `<h2 style="${S.h2}">${esc(title)}</h2>` + (lines.length ? lines.map((l) => para(l)).join('') : para('none'));

export function renderHtml(f: ReportFigures, charts: Chart[], imageSrc: (chart: Chart) => string): string {
  const del = deliverabilityLines(f);
  const img = (c: Chart): string => `<img src="${esc(imageSrc(c))}" alt="${esc(c.alt)}" width="${c.width}" style="${S.img}">`;
  const [series, regions] = charts;
  const national = nationalLine(f);
  const body = [
    `<h1 style="${S.h1}">${esc(heading(f))}</h1>`,
    national ? para(national, S.small) : '',
    ...del.outages.map((o) => para(o, S.alert)),
    ...f.stages.map((_, i) => stageCard(f, i)),
    `<h2 style="${S.h2}">Totals</h2>`,
    ...totalsLines(f).map((l) => para(l)),
    series ? img(series) : '',
    `<h2 style="${S.h2}">Regions</h2>`,
    ...regionLines(f).map((r) => `<p style="${S.p}"><b>${esc(r.label)}:</b> ${esc(r.text)}</p>`),
    regions ? img(regions) : '',
    section(`New headquarters (${f.headquartersOpened.length})`, headquartersLines(f)),
    section(`Events (${f.events.length})`, eventLines(f)),
    section('Deliverability', del.gateways.length ? del.gateways : ['no messages on this day']),
    para('Per-region readiness is in the attached readiness.csv.', S.small),
    f.dashboardUrl ? `<p style="${S.p}"><a href="${esc(f.dashboardUrl)}" style="color:#2680c2;">Open the dashboard for this day</a></p>` : ''
  ];
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(heading(f))}</title></head>\n` +
    `<body style="${S.body}"><div style="${S.wrap}">\n${body.filter(Boolean).join('\n')}\n</div></body></html>\n`
  );
}
