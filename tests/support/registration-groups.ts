/**
 * RegistrationGroups computed the slow, obvious way (the row-by-row reader's records through RecordValidator, one
 * key per accepted row), for tests and benches to hold pushdown to, and the summing of groups both sides share.
 */
import type { RegistrationGroup } from '../../data-pipeline/cube/registration-group.ts';
import { rowsIn, type PushdownBatch } from '../../data-pipeline/sources/postgres/pushdown.ts';
import type { RawRecord } from '../../data-pipeline/sources/types.ts';
import { RecordValidator, type Rejection } from '../../data-pipeline/validate/validate.ts';
import type { TimeRange } from '../../data-pipeline/validate/time-range.ts';
import { HOUR_MS } from '../../shared/time/units.ts';

/** Group count by every value of a group but the count. */
export type GroupCounts = Map<string, number>;

export interface Grouped {
  groups: GroupCounts;
  rejects: Rejection[];
  read: number;
}

const keyOf = (g: Omit<RegistrationGroup, 'count'>): string => JSON.stringify([g.source, g.city, g.region, g.hour, g.period, g.phone, g.email, g.questionnaire]);

function addTo(into: GroupCounts, g: Omit<RegistrationGroup, 'count'>, count: number): void {
  const k = keyOf(g);
  into.set(k, (into.get(k) ?? 0) + count);
}

/** Sums groups (from any number of reads) by their values. */
export function sumGroups(groups: Iterable<RegistrationGroup>, into: GroupCounts = new Map()): GroupCounts {
  for (const g of groups) addTo(into, g, g.count);
  return into;
}

/** Drains a pushdown read into summed groups and its rejections. */
export async function drainPushdown(batches: AsyncIterable<PushdownBatch>): Promise<Grouped> {
  const out: Grouped = { groups: new Map(), rejects: [], read: 0 };
  for await (const b of batches) {
    sumGroups(b.groups, out.groups);
    out.rejects.push(...b.rejects);
    out.read += rowsIn(b);
  }
  return out;
}

/** The row-by-row path: every record validated, each accepted one counted under its group's values. */
export async function groupRecords(records: AsyncIterable<RawRecord>, options: { timeZone: string; range: TimeRange; periodStarts: readonly number[] }): Promise<Grouped> {
  const validator = new RecordValidator(options);
  const out: Grouped = { groups: new Map(), rejects: [], read: 0 };
  for await (const rec of records) {
    out.read++;
    const rejection = validator.check(rec);
    if (rejection) {
      out.rejects.push(rejection);
      continue;
    }
    const a = validator.accepted;
    let period = 0;
    while (period < options.periodStarts.length && options.periodStarts[period] <= a.createdMs) period++;
    const group = {
      source: a.source,
      city: rec.fields.city?.trim() ?? '',
      region: a.region,
      hour: Math.floor(a.createdMs / HOUR_MS),
      period,
      phone: !Number.isNaN(a.phoneMs),
      email: !Number.isNaN(a.emailMs),
      questionnaire: !Number.isNaN(a.questionnaireMs)
    };
    addTo(out.groups, group, 1);
  }
  return out;
}
