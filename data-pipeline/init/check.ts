/**
 * `tallyboard check`: the real pipeline (runBuild) on the first N rows of each CSV source, in a temporary folder
 * deleted afterwards, so nothing is published and the work folder is untouched. The sample copies are written
 * with personal cells already blank (skipped on read, like the pipeline does), as UTF-8 in the source's own
 * delimiter, so every row keeps its number and its reason to be rejected.
 * Every problem found comes with its fix; `ok` says whether a build would succeed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventSources, missingReferenceFiles, type CampaignConfig, type SourceConfig, type SourceProfile } from '../config/campaign.ts';
import { ConfigError, loadConfig, loadProfile } from '../config/load-config.ts';
import { runBuild } from '../pipeline.ts';
import { Progress } from '../step-log.ts';
import { csvLine } from '../../shared/csv/csv.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { personalColumns } from '../sources/csv/profile-mapping.ts';
import { csvRowBatches, csvRows } from '../sources/csv/read-csv.ts';
import { detectDialect } from './dialect.ts';
import { decodeSample, detectEncoding } from '../sources/csv/detect-encoding.ts';
import { timeLayout } from './values.ts';

export const DEFAULT_CHECK_ROWS = 10_000;
const EXAMPLES_PER_REASON = 2;
const TOP_UNRESOLVED = 10;

export interface Problem {
  /** Where: the config path or the source. */
  where: string;
  problem: string;
  fix: string;
  /** Would stop a build (else a reminder). */
  fatal: boolean;
}

export interface RejectReason {
  field: string;
  reason: string;
  count: number;
  /** Rows as read, personal columns blank. */
  examples: string[];
}

export interface SourceCheck {
  name: string;
  read: number;
  accepted: number;
  rejected: number;
  /** The file has more rows than were sampled. */
  truncated: boolean;
  reasons: RejectReason[];
}

export interface CheckReport {
  ok: boolean;
  sources: SourceCheck[];
  /** Accepted rows with a city, and how many of those resolved. */
  cities: { rows: number; matched: number; unresolved: Array<{ spelling: string; count: number; status: string }> } | null;
  problems: Problem[];
  /** The pipeline's own step lines. */
  log: string[];
}

interface Sampled {
  source: SourceConfig & { kind: 'csv' };
  profile: SourceProfile | undefined;
  file: string;
  rows: number;
  truncated: boolean;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** What a header mismatch most likely means, from the file's own first bytes. */
function readingFix(path: string, profile: SourceProfile | undefined): string {
  const bytes = readFileSync(path).subarray(0, 1 << 16);
  const enc = detectEncoding(bytes);
  const dialect = detectDialect(decodeSample(bytes, enc.encoding));
  const fixes: string[] = [];
  const configured = profile?.encoding ?? 'utf-8';
  if (enc.encoding !== configured.toLowerCase() && enc.certainty !== 'low') fixes.push(`set "encoding": "${enc.encoding}" (${enc.evidence})`);
  if (dialect.delimiter !== (profile?.delimiter ?? ',')) fixes.push(`set "delimiter": ${JSON.stringify(dialect.delimiter)} (${dialect.delimiterName})`);
  if (!dialect.hasHeader && !profile?.header) fixes.push('the file has no header row: give the column names in "header"');
  return fixes.length ? fixes.join('; ') : 'map the field to one of the header\'s columns, or run tallyboard init --from on the file for a fresh profile';
}

/** Header check and sample copy of one CSV source; a problem instead when it cannot be read as configured. */
async function sample(source: SourceConfig & { kind: 'csv' }, index: number, dir: string, configDir: string, rows: number, problems: Problem[]): Promise<Sampled | null> {
  const where = `/sources/${index} (${source.name})`;
  const path = resolve(configDir, source.path);
  if (!existsSync(path)) {
    problems.push({ where, problem: `${source.path}: file not found`, fix: 'correct "path" (relative to the config file)', fatal: true });
    return null;
  }
  const profile = loadProfile(source.profile, configDir, `${where}/profile`);
  const personal = personalColumns(profile);
  const delimiter = profile?.delimiter ?? ',';
  const out: string[] = [];
  let header: string[] | undefined;
  let data = 0;
  let truncated = false;
  const onHeader = (h: string[]): boolean[] => (profile?.header ?? h).map((n) => personal.has(n.trim()));
  const skip = (): boolean[] => onHeader(header ?? []);
  try {
    reading: for await (const batch of csvRowBatches(path, { encoding: profile?.encoding, delimiter, onHeader })) {
      for (const cells of batch) {
        if (!header) {
          header = (profile?.header ?? cells).map((c) => c.trim());
          const wanted = profile ? [...Object.values(profile.columns), ...(profile.status ? [profile.status.column] : [])] : ['id', 'created_at', 'city'];
          const absent = wanted.filter((c) => !header!.includes(c));
          if (absent.length) {
            problems.push({ where, problem: `columns ${absent.map((c) => `"${c}"`).join(', ')} are not in the file's header (${header.length} columns)`, fix: readingFix(path, profile), fatal: true });
            return null;
          }
          if (!profile?.header) {
            out.push(csvLine(cells, { delimiter, formulaGuard: false }));
            continue;
          }
        }
        if (data === rows) {
          truncated = true;
          break reading;
        }
        data++;
        // The first row of a header-less file is read before the skip list exists: blank its personal cells here.
        const blank = data === 1 && profile?.header ? skip() : [];
        out.push(csvLine(cells.map((c, i) => (blank[i] ? '' : c)), { delimiter, formulaGuard: false }));
      }
    }
  } catch (e) {
    if (!(e instanceof FatalInputError)) throw e;
    problems.push({ where, problem: describe(e), fix: readingFix(path, profile), fatal: true });
    return null;
  }
  const file = join(dir, `source-${index}.csv`);
  writeFileSync(file, out.length ? `${out.join('\n')}\n` : '');
  return { source, profile, file, rows: data, truncated };
}

function reminders(config: CampaignConfig, problems: Problem[]): void {
  for (const p of config.placeholders ?? []) {
    problems.push({ where: p, problem: 'still holds the placeholder tallyboard init wrote', fix: `set ${p} for this campaign, then remove "${p}" from "placeholders"`, fatal: false });
  }
  for (const k of missingReferenceFiles(config)) {
    const what = { headquarters: 'every supporter\'s distance class is "unknown" and the map is empty', events: 'no events on the time axis', deliveries: 'no deliverability view' }[k];
    problems.push({ where: `/${k}`, problem: `not configured: ${what}`, fix: `add "${k}": "FILE.csv" when you have one (format in README.md, Data formats)`, fatal: false });
  }
  config.sources.forEach((s, i) => {
    if (s.kind === 'csv') return;
    const env = s.kind === 'osdi' ? s.tokenEnv : s.urlEnv;
    if (!process.env[env]) problems.push({ where: `/sources/${i} (${s.name})`, problem: `environment variable ${env} is not set`, fix: `export ${env}=… before building`, fatal: true });
  });
  if (!Array.isArray(config.events)) return;
  config.events.forEach((s, i) => {
    if (typeof s === 'string' || process.env[s.tokenEnv]) return;
    problems.push({ where: `/events/${i} (${s.name})`, problem: `environment variable ${s.tokenEnv} is not set`, fix: `export ${s.tokenEnv}=… before building`, fatal: true });
  });
}

/** Fixes for the rejection reasons a config can cause (rather than bad rows in the export). */
function reasonFix(r: RejectReason, sampleValues: string[]): string | null {
  if (r.reason.startsWith('unknown status')) return `add the value to the profile's status "keep" or "drop"`;
  if (r.field === '(row)') return 'rows split into the wrong number of cells: check "delimiter" and quoting';
  if (/time|date|timestamp/i.test(r.reason) && r.reason !== 'missing value') {
    const layout = timeLayout(sampleValues);
    return layout ? `set the profile's "timeFormat" to ${layout.format === null ? 'nothing (the values are ISO 8601)' : `"${layout.format}"`}` : 'set the profile\'s "timeFormat" to the layout of the values';
  }
  return null;
}

async function rejectReasons(path: string, origins: Map<string, string>): Promise<Map<string, RejectReason[]>> {
  const by = new Map<string, Map<string, RejectReason>>();
  let first = true;
  for await (const [file, , field, reason, raw] of csvRows(path)) {
    if (first) {
      first = false;
      continue;
    }
    const source = origins.get(file) ?? file;
    let reasons = by.get(source);
    if (!reasons) by.set(source, (reasons = new Map()));
    const key = `${field}\u0000${reason}`;
    let r = reasons.get(key);
    if (!r) reasons.set(key, (r = { field, reason, count: 0, examples: [] }));
    r.count++;
    if (r.examples.length < EXAMPLES_PER_REASON) r.examples.push(raw);
  }
  return new Map([...by].map(([k, v]) => [k, [...v.values()].sort((a, b) => b.count - a.count)]));
}

async function unresolvedCities(path: string): Promise<Array<{ spelling: string; count: number; status: string }>> {
  const list: Array<{ spelling: string; count: number; status: string }> = [];
  let first = true;
  for await (const [spelling, count, status] of csvRows(path)) {
    if (first) first = false;
    else list.push({ spelling, count: Number(count), status });
  }
  return list.sort((a, b) => b.count - a.count);
}

export async function runCheck(configPath: string, rows = DEFAULT_CHECK_ROWS): Promise<CheckReport> {
  const problems: Problem[] = [];
  const log: string[] = [];
  const report: CheckReport = { ok: false, sources: [], cities: null, problems, log };
  let loaded;
  try {
    loaded = loadConfig(configPath);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push({ where: configPath, problem: describe(e), fix: 'edit the config at that JSON path (data-pipeline/config/campaign.schema.json lists what is allowed)', fatal: true });
    return report;
  }
  const { config, dir: configDir } = loaded;
  reminders(config, problems);
  const dir = mkdtempSync(join(tmpdir(), 'tallyboard-check-'));
  try {
    const sampled: Sampled[] = [];
    for (const [i, s] of config.sources.entries()) {
      if (s.kind !== 'csv') continue;
      try {
        const one = await sample(s, i, dir, configDir, rows, problems);
        if (one) sampled.push(one);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push({ where: `/sources/${i}/profile`, problem: describe(e), fix: 'correct the profile file\'s path or JSON', fatal: true });
      }
    }
    if (problems.some((p) => p.fatal) || sampled.length === 0) {
      if (sampled.length === 0 && !problems.some((p) => p.fatal)) problems.push({ where: '/sources', problem: 'no CSV source to sample', fix: 'check samples CSV sources only; run tallyboard build to try the others', fatal: false });
      report.ok = !problems.some((p) => p.fatal);
      return report;
    }
    const abs = (p: string | undefined): string | undefined => (p ? resolve(configDir, p) : undefined);
    const eventCsvFiles = eventSources(config).flatMap((s) => (typeof s === 'string' ? [resolve(configDir, s)] : []));
    const trial: CampaignConfig = {
      ...config,
      output: undefined,
      work: undefined,
      sources: sampled.map((s) => ({ kind: 'csv', name: s.source.name, path: s.file, profile: s.profile && { ...s.profile, encoding: undefined } })),
      headquarters: abs(config.headquarters),
      // Like the registration sources, OSDI event servers are not called by a check: only the CSV files are tried.
      events: eventCsvFiles.length ? eventCsvFiles : undefined,
      deliveries: abs(config.deliveries)
    };
    const trialPath = join(dir, 'campaign.json');
    writeFileSync(trialPath, JSON.stringify(trial));
    let result;
    try {
      result = await runBuild({ config: trialPath, out: join(dir, 'out'), work: join(dir, 'work'), progress: new Progress({ out: (line) => log.push(line), live: false }) });
    } catch (e) {
      const err = e as Error;
      if (err.name !== 'ConfigError' && err.name !== 'FatalInputError') throw e;
      problems.push({ where: 'build', problem: describe(e).replaceAll(dir, '(sample)'), fix: 'correct the file or field named above', fatal: true });
      return report;
    }
    const origins = new Map(sampled.map((s) => [s.file, s.source.name]));
    const reasons = await rejectReasons(result.rejectsPath, origins);
    for (const s of sampled) {
      const list = reasons.get(s.source.name) ?? [];
      const rejected = list.reduce((n, r) => n + r.count, 0);
      report.sources.push({ name: s.source.name, read: s.rows, accepted: s.rows - rejected, rejected, truncated: s.truncated, reasons: list });
      for (const r of list) {
        const created = s.profile?.columns.created_at ?? 'created_at';
        const fix = reasonFix(r, r.field === 'created_at' ? await columnValues(s.file, s.profile, created) : []);
        if (fix) problems.push({ where: `/sources (${s.source.name})`, problem: `${r.count} rows rejected: ${r.field}: ${r.reason}`, fix, fatal: false });
      }
    }
    const unresolved = await unresolvedCities(result.unresolvedPath);
    const c = result.manifest.cities;
    report.cities = { rows: c.rowsResolved + unresolved.reduce((n, u) => n + u.count, 0), matched: c.rowsResolved, unresolved: unresolved.slice(0, TOP_UNRESOLVED) };
    report.ok = !problems.some((p) => p.fatal);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A non-personal column's values from the sample copy (used to suggest a timeFormat). */
async function columnValues(file: string, profile: SourceProfile | undefined, column: string): Promise<string[]> {
  const values: string[] = [];
  let at = -1;
  for await (const cells of csvRows(file, { delimiter: profile?.delimiter })) {
    if (at < 0 && !profile?.header) {
      at = cells.indexOf(column);
      continue;
    }
    if (at < 0) at = profile!.header!.indexOf(column);
    if (cells[at]) values.push(cells[at]);
    if (values.length >= 1000) break;
  }
  return values;
}
