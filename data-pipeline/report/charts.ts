/**
 * The report's two charts, drawn on the server without a DOM: d3 scales and shape generators produce
 * coordinates and path strings, the SVG is assembled as text, and resvg rasterises it to PNG because mail
 * clients (Gmail, Outlook) do not show inline SVG. PNGs are drawn at twice the layout size for sharp phones.
 */
import { Resvg } from '@resvg/resvg-js';
import { line, max, scaleBand, scaleLinear } from 'd3';
import { formatInteger, formatShortDate } from '../../shared/i18n/language.ts';
import { m as messages } from '../../shared/i18n/paraglide/messages.js';
import type { RegionMove, ReportFigures } from './figures.ts';

export interface Chart {
  /** File name for --out, and the Content-ID stem for mail. */
  name: string;
  alt: string;
  width: number;
  height: number;
  svg: string;
  png: Buffer;
}

const WIDTH = 640;
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const INK = '#1f2933';
const MUTED = '#7b8794';
const GRID = '#e4e7eb';
const BAR = '#9fb3c8';
const ACCENT = '#d64545';
const LINE = '#2680c2';
const TOP_REGIONS = 10;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (n: number): string => n.toFixed(1);

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${r1(x)}" y="${r1(y)}" ${attrs}>${esc(content)}</text>`;
}

function svgDocument(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}" font-size="12" fill="${INK}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>'
  ].join('\n');
}

function rasterise(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }
  });
  return resvg.render().asPng();
}

/** Daily registrations (bars) and future signatures (line) for the last 30 days; the report's day in red. */
export function seriesChart(figures: ReportFigures): Chart {
  const height = 240;
  const m = { top: 34, right: 12, bottom: 28, left: 48 };
  const points = figures.series;
  const x = scaleBand<string>()
    .domain(points.map((p) => p.date))
    .range([m.left, WIDTH - m.right])
    .paddingInner(0.2);
  const y = scaleLinear()
    .domain([0, max(points, (p) => p.registered) || 1])
    .nice()
    .range([height - m.bottom, m.top]);
  const locale = figures.language;
  const body: string[] = [text(m.left, 18, messages.chart_series_title({}, { locale }), 'font-size="13" font-weight="bold"')];
  for (const t of y.ticks(4)) {
    body.push(`<line x1="${m.left}" x2="${WIDTH - m.right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="${GRID}"/>`);
    body.push(text(m.left - 6, y(t) + 4, formatInteger(t, locale), `text-anchor="end" fill="${MUTED}"`));
  }
  points.forEach((p, i) => {
    const isDay = p.date === figures.day.date;
    const top = y(p.registered);
    body.push(`<rect x="${r1(x(p.date)!)}" y="${r1(top)}" width="${r1(x.bandwidth())}" height="${r1(y(0) - top)}" fill="${isDay ? ACCENT : BAR}"/>`);
    // A label every fifth day, counted back from the report's day so the day itself is always labelled.
    if ((points.length - 1 - i) % 5 === 0) {
      body.push(text(x(p.date)! + x.bandwidth() / 2, height - 10, formatShortDate(p.date, locale), `text-anchor="middle" fill="${isDay ? ACCENT : MUTED}"`));
    }
  });
  const path = line<(typeof points)[number]>()
    .x((p) => x(p.date)! + x.bandwidth() / 2)
    .y((p) => y(p.future))(points);
  body.push(`<path d="${path ?? ''}" fill="none" stroke="${LINE}" stroke-width="2"/>`);
  const svg = svgDocument(WIDTH, height, body);
  return { name: 'series', alt: messages.chart_series_alt({ date: figures.day.date }, { locale }), width: WIDTH, height, svg, png: rasterise(svg) };
}

/** The day's registrations in the ten busiest regions, with each region's 7-day average as a tick. */
export function regionsChart(figures: ReportFigures): Chart {
  const rows = busiestRegions(figures);
  const rowHeight = 22;
  const m = { top: 34, right: 56, bottom: 10, left: 170 };
  const height = m.top + m.bottom + Math.max(1, rows.length) * rowHeight;
  const x = scaleLinear()
    .domain([0, max(rows, (r) => Math.max(r.day, r.average7)) || 1])
    .range([m.left, WIDTH - m.right]);
  const y = scaleBand<string>()
    .domain(rows.map((r) => r.code))
    .range([m.top, height - m.bottom])
    .paddingInner(0.25);
  const locale = figures.language;
  const body: string[] = [text(8, 18, messages.chart_regions_title({ date: figures.day.date }, { locale }), 'font-size="13" font-weight="bold"')];
  for (const r of rows) {
    const top = y(r.code)!;
    const mid = top + y.bandwidth() / 2;
    body.push(text(m.left - 8, mid + 4, r.name, 'text-anchor="end"'));
    body.push(`<rect x="${m.left}" y="${r1(top)}" width="${r1(x(r.day) - m.left)}" height="${r1(y.bandwidth())}" fill="${r.day >= r.average7 ? LINE : BAR}"/>`);
    body.push(`<line x1="${r1(x(r.average7))}" x2="${r1(x(r.average7))}" y1="${r1(top - 2)}" y2="${r1(top + y.bandwidth() + 2)}" stroke="${INK}" stroke-width="2"/>`);
    body.push(text(x(Math.max(r.day, r.average7)) + 6, mid + 4, formatInteger(r.day, locale), `fill="${MUTED}"`));
  }
  if (rows.length === 0) body.push(text(m.left, m.top + 14, messages.chart_regions_empty({}, { locale }), `fill="${MUTED}"`));
  const svg = svgDocument(WIDTH, height, body);
  return { name: 'regions', alt: messages.chart_regions_alt({ date: figures.day.date }, { locale }), width: WIDTH, height, svg, png: rasterise(svg) };
}

function busiestRegions(figures: ReportFigures): RegionMove[] {
  return [...figures.regionDays].sort((a, b) => b.day - a.day || a.code.localeCompare(b.code)).slice(0, TOP_REGIONS).filter((r) => r.day > 0);
}

export function renderCharts(figures: ReportFigures): Chart[] {
  return [seriesChart(figures), regionsChart(figures)];
}
