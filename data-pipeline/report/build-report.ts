/**
 * Assembles one day's report from a published data folder: figures, charts, both renderings and the CSV.
 * Reads only what `build` publishes (cubes + manifest, hash-checked by the shared loader); the report
 * never sees personal data because the published set has none.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDataset, type Dataset } from '../../shared/cube/dataset.ts';
import { msOfHour } from '../../shared/time/hours.ts';
import { renderCharts, type Chart } from './charts.ts';
import { computeFigures, type FigureOptions, type ReportFigures } from './figures.ts';
import { readinessCsv } from './readiness-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderText } from './render-text.ts';
import { subject } from './summary.ts';

export interface Report {
  figures: ReportFigures;
  subject: string;
  text: string;
  /** HTML whose images point at `cid:<name>@tallyboard` (mail). */
  mailHtml: string;
  /** HTML whose images point at `<name>.png` beside it (--out). */
  fileHtml: string;
  charts: Chart[];
  csv: string;
  /** SHA-256 of what a reader sees (subject, text, CSV): tells a re-run whether the day's report changed. */
  contentHash: string;
  /** Why the figures may be incomplete (the day not fully in the data); empty when they are not. */
  warnings: string[];
}

export const chartCid = (chart: Chart): string => `${chart.name}@tallyboard`;

/** Read once per run: each recipient's scope is a report built from the same data. */
export function readPublished(dataDir: string): Promise<Dataset> {
  return loadDataset(async (path) => new Uint8Array(await readFile(join(dataDir, path))));
}

export function buildReport(data: Dataset, options: FigureOptions): Report {
  const figures = computeFigures(data, options);
  const charts = renderCharts(figures);
  const text = renderText(figures);
  const csv = readinessCsv(figures);
  const title = subject(figures);
  const warnings: string[] = [];
  const { hours } = data.manifest;
  if (figures.day.endHour - 1 > hours.last) warnings.push(`the data ends at ${new Date(msOfHour(hours.last)).toISOString()}, before the end of ${options.date}: its figures are partial`);
  if (figures.day.endHour <= hours.first) warnings.push(`the data starts at ${new Date(msOfHour(hours.first)).toISOString()}, after ${options.date}`);
  return {
    figures,
    subject: title,
    text,
    mailHtml: renderHtml(figures, charts, (c) => `cid:${chartCid(c)}`),
    fileHtml: renderHtml(figures, charts, (c) => `${c.name}.png`),
    charts,
    csv,
    contentHash: createHash('sha256').update(title).update('\0').update(text).update('\0').update(csv).digest('hex'),
    warnings
  };
}
