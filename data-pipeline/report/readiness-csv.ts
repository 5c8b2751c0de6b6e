/**
 * The per-region readiness table as CSV (the mail attachment), with the dashboard's readiness columns plus
 * whether the region reached its cap on the report's day, headed in the report's language. Written by the
 * shared CSV writer, which defuses spreadsheet formulas (region names come from a country pack, but the file
 * is opened in Excel).
 */
import { toCsv, type CsvCell } from '../../shared/csv/csv.ts';
import { columnLabel, statusLabel } from '../../shared/i18n/labels.ts';
import { m } from '../../shared/i18n/paraglide/messages.js';
import { READINESS_COLUMNS } from '../../shared/metrics/readiness.ts';
import type { ReportFigures } from './figures.ts';

export function readinessCsv(f: ReportFigures): string {
  const locale = f.language;
  const header = [columnLabel('code', locale), ...READINESS_COLUMNS.map((c) => columnLabel(c.key, locale)), m.col_reached_on_day({}, { locale })];
  const rows = f.readiness.map((r): CsvCell[] => [
    r.code,
    ...READINESS_COLUMNS.map((c) => (c.key === 'share' && r.share !== null ? Number(r.share.toFixed(4)) : c.key === 'status' ? statusLabel(r.status, locale) : r[c.key])),
    r.reachedOnTheDay ? m.yes({}, { locale }) : m.no({}, { locale })
  ]);
  return toCsv(header, rows);
}
