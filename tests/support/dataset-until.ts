/**
 * The synthetic campaign as it stood at an earlier hour: every cube row from that hour on left out, as if the
 * exports had not yet grown. Writing it, then the whole set, into one folder is a campaign that moved on.
 */
import type { DatasetParts } from '../../data-pipeline/export/write-dataset.ts';
import type { ColumnTable } from '../../shared/cube/format.ts';

function rowsBefore(table: ColumnTable, hour: number): ColumnTable {
  const keep: number[] = [];
  for (let i = 0; i < table.rows; i++) if (table.columns.hour[i] < hour) keep.push(i);
  return { rows: keep.length, columns: Object.fromEntries(Object.entries(table.columns).map(([name, values]) => [name, Int32Array.from(keep, (i) => values[i])])) };
}

export function partsUntil(parts: DatasetParts, hour: number, generatedAt: string): DatasetParts {
  const registrations = rowsBefore(parts.registrations, hour);
  const accepted = registrations.columns.registered.reduce((s, v) => s + v, 0);
  return { ...parts, registrations, deliveries: rowsBefore(parts.deliveries, hour), counts: { read: accepted, accepted, rejected: 0 }, generatedAt };
}
