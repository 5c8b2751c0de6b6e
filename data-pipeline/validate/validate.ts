/**
 * Per-record validation. Each RawRecord either becomes a slim, personal-data-free Accepted record or one
 * Rejection {origin,row,field,reason,raw}; nothing here throws on a bad row.
 *
 * Checks, in order: reader errors (column count, status), the JSON Schema of the fields (ajv, compiled at the
 * first record that needs it), timestamps (ISO 8601 with offset, or the profile's timeFormat in the campaign time
 * zone), stage timestamps not before created_at, duplicate ids per source (hashed, see id-set.ts).
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { STAGE_FIELDS } from '../config/campaign.ts';
import type { RawRecord } from '../sources/types.ts';
import { HashedIdSet } from './id-set.ts';
import { ZoneClock } from '../../shared/time/zone-clock.ts';
import { compileTimeFormat, parseIso, type TimeParser } from './time.ts';
import { outOfRange, type TimeRange } from './time-range.ts';

export interface Rejection {
  origin: string;
  row: number;
  field: string;
  reason: string;
  raw: string;
}

/** What survives validation: no id, no personal data; the city text only until it is resolved. */
export interface Accepted {
  createdMs: number;
  /** Stage instants (epoch ms), NaN when not reached. */
  phoneMs: number;
  emailMs: number;
  questionnaireMs: number;
  /** City spelling as the resolver will see it ("city" or "city, region"), '' when empty. */
  spelling: string;
  /** The city column as given, trimmed; '' when empty. */
  city: string;
  /** The region column as given, trimmed; '' when empty. */
  region: string;
  source: string;
}

/**
 * Types and presence, checked by ajv. String lengths are checked by hand (MAX_LENGTH, in UTF-16 units): ajv's
 * minLength/maxLength count code points, which was a third of its cost on the 1M bench.
 */
export const RECORD_SCHEMA = {
  type: 'object',
  required: ['created_at'],
  properties: {
    id: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    city: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    source: { type: ['string', 'null'] },
    phone_confirmed_at: { type: ['string', 'null'] },
    email_confirmed_at: { type: ['string', 'null'] },
    questionnaire_at: { type: ['string', 'null'] }
  }
} as const;

const MAX_LENGTH: Record<string, number> = { id: 200, created_at: 40, city: 200, region: 200, source: 64, phone_confirmed_at: 40, email_confirmed_at: 40, questionnaire_at: 40 };
const LENGTH_FIELDS = Object.keys(MAX_LENGTH);

const isText = (v: unknown): boolean => v == null || typeof v === 'string';

/**
 * What RECORD_SCHEMA checks, by hand, for the common cases: every listed field but created_at a string, null or
 * absent, and created_at a string ('pass') or missing ('no-created-at': null, as a CSV's empty cell reads, or
 * absent; ajv calls either a missing value, and with every other field text it finds nothing else). 'ajv' means
 * ajv runs to name the error, so the messages stay ajv's: only other sources (OSDI, Postgres) can carry
 * non-strings. Named reads rather than a loop over the names: keyed reads with varying names are megamorphic.
 */
function schemaFast(f: RawRecord['fields']): 'pass' | 'no-created-at' | 'ajv' {
  const others =
    isText(f.id) &&
    isText(f.city) &&
    isText(f.region) &&
    isText(f.source) &&
    isText(f.phone_confirmed_at) &&
    isText(f.email_confirmed_at) &&
    isText(f.questionnaire_at);
  if (!others) return 'ajv';
  return typeof f.created_at === 'string' ? 'pass' : f.created_at == null ? 'no-created-at' : 'ajv';
}

const require = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;
/**
 * ajv's validator of RECORD_SCHEMA, loaded and compiled at the first record schemaFast leaves to it: a CSV source
 * never has one. Importing ajv and compiling the schema took 75 ms of every build's start before its first row was
 * read, and 100–120 ms of a build process adding 10,000 rows at the first with no created_at (CPU profiles).
 */
function recordValidator(): ValidateFunction {
  if (!compiled) {
    const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
    compiled = new Ajv({ allErrors: false, strict: false }).compile(RECORD_SCHEMA);
  }
  return compiled;
}

function schemaRejection(error: ErrorObject, fields: Record<string, unknown>): { field: string; reason: string } {
  if (error.keyword === 'required') return { field: String((error.params as { missingProperty: string }).missingProperty), reason: 'missing value' };
  const field = error.instancePath.replace(/^\//, '') || '(record)';
  if (fields[field] === null) return { field, reason: 'missing value' };
  return { field, reason: error.message ?? 'invalid value' };
}

function rejectRow(rec: RawRecord, field: string, reason: string): Rejection {
  return { origin: rec.origin, row: rec.row, field, reason, raw: rec.raw };
}

/** The city spelling the resolver sees for a trimmed city and region: "city" or "city, region"; '' when no city. */
export function spellingOf(city: string, region: string): string {
  return city === '' ? '' : region === '' || city.includes(',') ? city : `${city}, ${region}`;
}

export interface ValidatorOptions {
  timeZone: string;
  /** Timestamps outside it are rejected (validate/time-range.ts). */
  range: TimeRange;
}

/** One validator per build: the duplicate-id sets and the time zone cache are shared across sources. */
export class RecordValidator {
  private readonly zone: ZoneClock;
  private readonly iso: TimeParser;
  private readonly formats = new Map<string, TimeParser>();
  private readonly ids = new Map<string, HashedIdSet>();
  /** Reused output object: valid until the next call to check(). */
  readonly accepted: Accepted = { createdMs: 0, phoneMs: NaN, emailMs: NaN, questionnaireMs: NaN, spelling: '', city: '', region: '', source: '' };

  private readonly range: TimeRange;

  constructor(options: ValidatorOptions) {
    this.range = options.range;
    this.zone = new ZoneClock(options.timeZone);
    this.iso = (s) => parseIso(s, this.zone);
  }

  /** Drops the duplicate-id sets (10M ids: 128 MB) once every source is read, before the cubes are built. */
  releaseIds(): void {
    this.ids.clear();
    this.lastIds = null;
    this.lastSource = '';
  }

  /** Bytes held by the duplicate-id sets (for the bounded-memory report). */
  get idBytes(): number {
    let n = 0;
    for (const s of this.ids.values()) n += s.bytes;
    return n;
  }

  private parserFor(timeFormat: string | undefined): TimeParser {
    if (!timeFormat) return this.iso;
    let p = this.formats.get(timeFormat);
    if (!p) {
      const custom = compileTimeFormat(timeFormat, this.zone);
      // ISO stays accepted alongside the profile's format.
      p = (s) => {
        const v = custom(s);
        return Number.isNaN(v) ? this.iso(s) : v;
      };
      this.formats.set(timeFormat, p);
    }
    return p;
  }

  /** Last source's duplicate-id set (rows come in long runs per source). */
  private lastSource = '';
  private lastIds: HashedIdSet | null = null;

  private idsFor(source: string): HashedIdSet {
    if (this.lastIds !== null && source === this.lastSource) return this.lastIds;
    let ids = this.ids.get(source);
    if (!ids) this.ids.set(source, (ids = new HashedIdSet()));
    this.lastSource = source;
    this.lastIds = ids;
    return ids;
  }

  /**
   * Ids that a source's earlier rows already hold: an incremental build judges a file's new tail as if the rows
   * before it had just been read (their later namesakes are duplicates).
   */
  seen(source: string, ids: Iterable<string>): void {
    const set = this.idsFor(source);
    for (const id of ids) set.add(id);
  }

  /** Returns null and fills `this.accepted`, or returns the rejection. */
  check(rec: RawRecord, timeFormat?: string): Rejection | null {
    if (rec.readError) return rejectRow(rec, rec.readError.field, rec.readError.reason);
    const f = rec.fields;
    const fast = schemaFast(f);
    if (fast === 'no-created-at') return rejectRow(rec, 'created_at', 'missing value');
    if (fast === 'ajv') {
      const schema = recordValidator();
      if (!schema(f)) return { origin: rec.origin, row: rec.row, ...schemaRejection(schema.errors![0], f), raw: rec.raw };
    }
    // Named reads (not f[name] in a loop): the hot path sees one or two record shapes. Past the schema check every
    // field is a string, null or absent.
    const id = f.id;
    const createdField = f.created_at as string;
    const phoneText = f.phone_confirmed_at;
    const emailText = f.email_confirmed_at;
    const questionnaireText = f.questionnaire_at;
    // Lengths, in LENGTH_FIELDS order (the first too long is the one reported).
    if (
      (id != null && id.length > 200) ||
      createdField.length > 40 ||
      (f.city != null && f.city.length > 200) ||
      (f.region != null && f.region.length > 200) ||
      (f.source != null && f.source.length > 64) ||
      (phoneText != null && phoneText.length > 40) ||
      (emailText != null && emailText.length > 40) ||
      (questionnaireText != null && questionnaireText.length > 40)
    ) {
      const g = f as Record<string, string | null | undefined>;
      for (let k = 0; k < LENGTH_FIELDS.length; k++) {
        const v = g[LENGTH_FIELDS[k]];
        if (v != null && v.length > MAX_LENGTH[LENGTH_FIELDS[k]]) return rejectRow(rec, LENGTH_FIELDS[k], `longer than ${MAX_LENGTH[LENGTH_FIELDS[k]]} characters`);
      }
    }
    // A source without ids (field absent) skips the duplicate check; one with an id column needs a value.
    if (id === null || (id !== undefined && id.trim() === '')) return rejectRow(rec, 'id', 'missing value');
    const parse = this.parserFor(timeFormat);
    const createdText = createdField.trim();
    const created = parse(createdText);
    if (Number.isNaN(created)) return rejectRow(rec, 'created_at', `not a timestamp: "${createdText}"`);
    const outside = outOfRange(this.range, created, createdText);
    if (outside) return rejectRow(rec, 'created_at', outside);
    const out = this.accepted;
    out.createdMs = created;
    let ms = NaN;
    if (phoneText != null && phoneText !== '') {
      const t = phoneText.trim();
      ms = parse(t);
      if (Number.isNaN(ms)) return rejectRow(rec, STAGE_FIELDS[0], `not a timestamp: "${t}"`);
      if (ms < created) return rejectRow(rec, STAGE_FIELDS[0], 'before created_at');
      if (ms >= this.range.to) return rejectRow(rec, STAGE_FIELDS[0], outOfRange(this.range, ms, t)!);
    }
    out.phoneMs = ms;
    ms = NaN;
    if (emailText != null && emailText !== '') {
      const t = emailText.trim();
      ms = parse(t);
      if (Number.isNaN(ms)) return rejectRow(rec, STAGE_FIELDS[1], `not a timestamp: "${t}"`);
      if (ms < created) return rejectRow(rec, STAGE_FIELDS[1], 'before created_at');
      if (ms >= this.range.to) return rejectRow(rec, STAGE_FIELDS[1], outOfRange(this.range, ms, t)!);
    }
    out.emailMs = ms;
    ms = NaN;
    if (questionnaireText != null && questionnaireText !== '') {
      const t = questionnaireText.trim();
      ms = parse(t);
      if (Number.isNaN(ms)) return rejectRow(rec, STAGE_FIELDS[2], `not a timestamp: "${t}"`);
      if (ms < created) return rejectRow(rec, STAGE_FIELDS[2], 'before created_at');
      if (ms >= this.range.to) return rejectRow(rec, STAGE_FIELDS[2], outOfRange(this.range, ms, t)!);
    }
    out.questionnaireMs = ms;
    const source = f.source != null ? f.source.trim() : rec.source;
    if (id !== undefined && !this.idsFor(rec.source).add(id.trim())) return rejectRow(rec, 'id', 'duplicate id');
    const city = f.city != null ? f.city.trim() : '';
    const region = f.region != null ? f.region.trim() : '';
    out.spelling = spellingOf(city, region);
    out.city = city;
    out.region = region;
    out.source = source === '' ? rec.source : source;
    return null;
  }
}
