/**
 * The per-region readiness table as CSV (the mail attachment), with the dashboard's readiness columns plus
 * whether the region reached its cap on the report's day. Written by the shared CSV writer, which defuses
 * spreadsheet formulas (region names come from a country pack, but the file is opened in Excel).
 */
import { toCsv, type CsvCell } from '../../shared/csv/csv.ts';
import { READINESS_COLUMNS } from '../../shared/metrics/readiness.ts';
import type { ReportFigures } from './figures.ts';

export function readinessCsv(f: ReportFigures): string {
  const header = ['Region code', ...READINESS_COLUMNS.map((c) => c.label), 'Reached the cap on the day'];
  const rows = f.readiness.map((r): CsvCell[] => [
    r.code,
    ...READINESS_COLUMNS.map((c) => (c.key === 'share' && r.share !== null ? Number(r.share.toFixed(4)) : r[c.key])),
    r.reachedOnTheDay ? 'yes' : 'no'
  ]);
  return toCsv(header, rows);
}
