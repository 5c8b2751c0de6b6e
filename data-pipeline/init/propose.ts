/**
 * From an Inspection to campaign.json and the line-by-line explanation init prints. Personal columns appear by
 * name and count only: examples() returns nothing for them, and nothing else here reads a value.
 */
import { basename, extname } from 'node:path';
import { REGISTRATION_FIELDS, type CampaignConfig, type SourceProfile } from '../config/campaign.ts';
import { examples, type ColumnStats } from './column-stats.ts';
import type { Inspection } from './inspect.ts';

/** The fields init cannot know: the admin sets them, then deletes the `placeholders` list. */
export const PLACEHOLDERS = ['/window', '/target', '/totalCap', '/regionCap'] as const;
const PLACEHOLDER_TARGET = 10_000;
const PLACEHOLDER_REGION_CAP = 1_000;
const NEAR_KM = 50;

const pct = (x: number): string => `${Math.round(100 * x)}%`;
const int = (n: number): string => n.toLocaleString('en-US');
const quoted = (xs: string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

/** Calendar date of a sampled timestamp, read by the layout's own YYYY/MM/DD positions. */
function dateOf(value: string, format: string | null): string | null {
  if (format === null) return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
  const at = (token: string): string => value.slice(format.indexOf(token), format.indexOf(token) + token.length);
  const d = `${at('YYYY')}-${at('MM')}-${at('DD')}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}

function sampleWindow(created: ColumnStats | undefined): { start: string; end: string } {
  const dates = (created?.values ?? []).map((v) => dateOf(v, created!.time?.format ?? null)).filter((d): d is string => d !== null).sort();
  const today = new Date().toISOString().slice(0, 10);
  return { start: dates[0] ?? today, end: dates[dates.length - 1] ?? today };
}

export function sourceName(file: string): string {
  return basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export';
}

export function proposeConfig(i: Inspection, file: string, pathFromConfig: string): CampaignConfig {
  const columns: SourceProfile['columns'] = {};
  for (const f of REGISTRATION_FIELDS) {
    const r = i.roles[f];
    if (r) columns[f] = r.column.name;
  }
  const timeFormat = i.roles.created_at?.column.time?.format ?? null;
  const profile: SourceProfile = {
    ...(i.encoding.encoding === 'utf-8' ? {} : { encoding: i.encoding.encoding }),
    ...(i.dialect.delimiter === ',' ? {} : { delimiter: i.dialect.delimiter }),
    ...(i.dialect.hasHeader ? {} : { header: i.header }),
    columns,
    ...(i.status ? { status: { column: i.status.column.name, keep: i.status.keep, drop: i.status.drop } } : {}),
    personal: i.personal.map((p) => p.name),
    ...(timeFormat ? { timeFormat } : {})
  };
  return {
    name: sourceName(file),
    pack: i.pack.pack,
    timeZone: i.timeZone,
    window: sampleWindow(i.roles.created_at?.column),
    target: PLACEHOLDER_TARGET,
    totalCap: PLACEHOLDER_TARGET,
    regionCap: PLACEHOLDER_REGION_CAP,
    nearKm: NEAR_KM,
    sources: [{ kind: 'csv', name: sourceName(file), path: pathFromConfig, profile }],
    placeholders: [...PLACEHOLDERS]
  };
}

export function explain(i: Inspection, config: CampaignConfig): string[] {
  const personal = new Set(i.personal.map((p) => p.index));
  const eg = (c: ColumnStats): string => {
    const xs = examples(c, personal);
    return xs.length ? `, e.g. ${quoted(xs)}` : '';
  };
  const d = i.dialect;
  const lines = [
    `sample: the first ${int(i.rows)} rows (${int(i.sampleBytes)} bytes) of ${d.columns} columns`,
    `encoding: ${i.encoding.encoding} — ${i.encoding.certainty}: ${i.encoding.evidence}`,
    `delimiter: ${d.delimiterName} — ${d.consistency >= 0.99 ? 'certain' : d.consistency >= 0.9 ? 'high' : 'low'}: ${pct(d.consistency)} of rows split into ${d.columns} cells`,
    `quoting: ${d.quotedCells > 0 ? `double quotes (${int(d.quotedCells)} quoted cells seen)` : 'no quoted cells seen'}`,
    `header row: ${d.hasHeader ? 'yes' : `no — columns named ${i.header[0]}…${i.header[i.header.length - 1]} in "header"`} — ${d.headerCertainty}: ${d.headerEvidence}`,
    `pack: ${i.pack.pack} (${i.pack.why}); time zone ${config.timeZone} (${i.roles.city ? "most of the sample's cities" : 'the most populous region: no city column'})`
  ];
  for (const f of REGISTRATION_FIELDS) {
    const r = i.roles[f];
    if (!r) continue;
    let detail = r.why;
    if (r.column.time) detail += r.column.time.format ? `; format ${r.column.time.format}${r.column.time.note ? ` (${r.column.time.note})` : ''}` : '; ISO 8601';
    const shown = f === 'region' ? `, ${regionKind(r.column)} mapped to the pack's codes, e.g. ${regionExamples(i, r.column)}` : eg(r.column);
    lines.push(`${f.padEnd(18)} ← "${r.column.name}" (${detail}${shown})`);
  }
  const missing = REGISTRATION_FIELDS.filter((f) => !i.roles[f]);
  if (missing.length) lines.push(`not in this export: ${missing.join(', ')}${missing.includes('id') || missing.includes('created_at') ? ' — id and created_at are required: map them by hand' : ''}`);
  if (i.status) {
    const count = (v: string): string => `${v} (${int(i.status!.column.values.filter((x) => x === v).length)})`;
    lines.push(`status ← "${i.status.column.name}": keep ${i.status.keep.map(count).join(', ') || 'nothing'}; drop ${i.status.drop.map(count).join(', ') || 'nothing'} — a suggestion: confirm it`);
    if (i.status.unsure.length) lines.push(`  kept though not recognised: ${quoted(i.status.unsure)} — move them to "drop" if they should not count`);
  }
  for (const p of i.personal) {
    const c = i.columns[p.index];
    lines.push(`personal: "${p.name}" — ${p.why}; ${int(c.values.length)} non-empty in the sample; never read`);
  }
  const used = new Set([...personal, ...Object.values(i.roles).map((r) => r.column.index), ...(i.status ? [i.status.column.index] : [])]);
  const ignored = i.columns.filter((c) => !used.has(c.index));
  if (ignored.length) lines.push(`ignored (not needed, not personal): ${quoted(ignored.map((c) => c.name))}`);
  lines.push(
    `placeholders for you to set: window ${config.window.start}..${config.window.end} (the sample's dates), target ${int(config.target)}, totalCap ${int(config.totalCap)}, regionCap ${int(config.regionCap)}; then delete "placeholders"`,
    'not configured yet: headquarters, events, deliveries (optional; the dashboard and the report say they are missing)'
  );
  return lines;
}

function regionExamples(i: Inspection, c: ColumnStats): string {
  return examples(c, new Set(i.personal.map((p) => p.index)))
    .map((v) => `${JSON.stringify(v)} → ${i.places.regionCode(v) ?? '?'}`)
    .join(', ');
}

function regionKind(c: ColumnStats): string {
  const v = c.values;
  if (v.filter((x) => /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(x)).length >= 0.8 * v.length) return 'ISO 3166-2 codes';
  if (v.filter((x) => /^[A-Za-z]{2}$/.test(x)).length >= 0.8 * v.length) return 'state abbreviations';
  return 'region names';
}
