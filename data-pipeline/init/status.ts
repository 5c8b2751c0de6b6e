/**
 * The status column: few distinct values, some meaning "this registration counts" and some "it does not".
 * The split is a suggestion from a small vocabulary; a value it does not know is kept and flagged, since the
 * admin confirms the split anyway and a dropped value is invisible on the dashboard.
 */
import type { ColumnStats } from './column-stats.ts';

export interface StatusSuggestion {
  column: ColumnStats;
  keep: string[];
  drop: string[];
  /** Values kept only because the vocabulary does not know them. */
  unsure: string[];
}

const KEEP = /^(subscribed|active|registered|confirmed|complete|completed|approved|verified|yes|true|ok|зарегистрирован\p{L}*|подтвержд\p{L}*|активн\p{L}*|одобрен\p{L}*|да)$/iu;
const DROP = /unsub|bounc|spam|complain|delet|cancel|declin|reject|invalid|test|duplicat|fraud|blocked|pending|stalled|inactive|отказ|отклон|удал|отпис|дубл|спам|тест|приостанов|ожида|заблок|неактив/iu;
const NAME = /status|state$|статус|состояни/i;
const MAX_VALUES = 12;

export function suggestStatus(candidates: ColumnStats[]): StatusSuggestion | null {
  let best: { column: ColumnStats; score: number } | null = null;
  for (const c of candidates) {
    if (c.distinct < 2 || c.distinct > MAX_VALUES || c.time) continue;
    const values = [...new Set(c.values)];
    const known = values.filter((v) => KEEP.test(v) || DROP.test(v)).length;
    // A status name, or else values the vocabulary knows; among several, the one it knows best.
    const score = known / values.length + (NAME.test(c.name) ? 1 : 0);
    if (score >= 0.5 && (!best || score > best.score)) best = { column: c, score };
  }
  if (!best) return null;
  const values = [...new Set(best.column.values)].sort();
  const drop = values.filter((v) => !KEEP.test(v) && DROP.test(v));
  const keep = values.filter((v) => !drop.includes(v));
  return { column: best.column, keep, drop, unsure: keep.filter((v) => !KEEP.test(v)) };
}
