/**
 * Registrations from a PostgreSQL table, read through a server-side cursor in batches (memory stays bounded by one
 * batch whatever the table size), inside a READ ONLY transaction.
 *
 * The table must have columns named exactly like our registration fields (lower case): `created_at` and `city` are
 * required; `id`, `region`, `source`, `phone_confirmed_at`, `email_confirmed_at`, `questionnaire_at` are read when
 * present. Only these columns are ever selected, so any other column (names, e-mails, phones, addresses…) never
 * leaves the database. Timestamps become ISO 8601 strings: `timestamptz` → UTC instant ("…Z"); `timestamp` without
 * time zone → local time without offset ("2024-03-01T12:00:00", read later in the campaign time zone); `date` →
 * "YYYY-MM-DD". Other values → their text. The table name may be `table` or `schema.table`, each part a plain
 * identifier ([A-Za-z_][A-Za-z0-9_$]*, ≤ 63 chars); it is quoted, so it is case-sensitive, and anything else is
 * rejected before connecting.
 */
import pg from 'pg';
import type { RegistrationField, SourceConfig } from '../config/campaign.ts';
import type { RawRecord, RegistrationSource } from './types.ts';

export type PostgresSourceConfig = Extract<SourceConfig, { kind: 'postgres' }>;

export interface PostgresOptions {
  /** Rows per FETCH. Default 5000. */
  batchSize?: number;
}

export const REQUIRED_COLUMNS = ['created_at', 'city'] as const satisfies readonly RegistrationField[];
export const OPTIONAL_COLUMNS = ['id', 'region', 'source', 'phone_confirmed_at', 'email_confirmed_at', 'questionnaire_at'] as const satisfies readonly RegistrationField[];

export class PostgresSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresSourceError';
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** "schema.table" or "table" → its quoted form and its parts; throws on anything that is not plain identifiers. */
export function quoteTableName(table: string): { sql: string; schema: string | null; name: string } {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) {
    throw new PostgresSourceError(
      `table name ${JSON.stringify(table)} is not a plain identifier: use letters, digits, _ and $ (not first), optionally "schema.table"`
    );
  }
  return {
    sql: parts.map((p) => `"${p}"`).join('.'),
    schema: parts.length === 2 ? parts[0] : null,
    name: parts[parts.length - 1]
  };
}

// Type OIDs (pg_type): timestamp without time zone, timestamptz, date.
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const DATE = 1082;

/** "2024-03-01 12:00:00.5" → "2024-03-01T12:00:00.5" (text kept as the server sent it; no time zone guessed). */
function localTimestamp(text: string): string {
  return text.replace(' ', 'T');
}

/** Text of a timestamptz in a UTC session ("2024-03-01 09:00:00+00", maybe with fraction) → "2024-03-01T09:00:00.000Z". */
function utcTimestamp(text: string): string {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)\+00(?::00)?$/.exec(text);
  if (!m) return text; // infinity, BC dates…: passed on as text for validation to reject
  const d = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === TIMESTAMP) return localTimestamp;
    if (oid === TIMESTAMPTZ) return utcTimestamp;
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  }
};

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function createPostgresSource(cfg: PostgresSourceConfig, env: NodeJS.ProcessEnv = process.env, options: PostgresOptions = {}): RegistrationSource {
  const origin = `postgres:${cfg.table}`;
  const label = `PostgreSQL source "${cfg.name}" (${origin})`;
  let table: ReturnType<typeof quoteTableName>;
  try {
    table = quoteTableName(cfg.table);
  } catch (err) {
    throw new PostgresSourceError(`${label}: ${(err as Error).message}`);
  }
  const connectionString = env[cfg.urlEnv];
  if (!connectionString) {
    throw new PostgresSourceError(`${label}: environment variable ${cfg.urlEnv} is not set; it must hold the connection URL (postgres://user@host:port/db)`);
  }
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new PostgresSourceError(`${label}: batchSize must be a positive integer`);

  async function* records(): AsyncGenerator<RawRecord> {
    const client = new pg.Client({ connectionString, types, application_name: 'tallyboard-source' });
    try {
      await client.connect();
    } catch (err) {
      throw new PostgresSourceError(`${label}: cannot connect with the URL in ${cfg.urlEnv}: ${(err as Error).message}`);
    }
    let open = false;
    try {
      await client.query("SET TIME ZONE 'UTC'");
      const cols = await client.query<{ column_name: string }>(
        'SELECT attname AS column_name FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attnum > 0 AND NOT attisdropped',
        [table.sql]
      );
      if (cols.rowCount === 0) throw new PostgresSourceError(`${label}: table ${cfg.table} does not exist or is not readable by this user`);
      const present = new Set(cols.rows.map((r) => r.column_name));
      for (const c of REQUIRED_COLUMNS) {
        if (!present.has(c)) throw new PostgresSourceError(`${label}: table ${cfg.table} has no column "${c}" (required; expected columns: ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')})`);
      }
      const selected: RegistrationField[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS.filter((c) => present.has(c))];
      await client.query('BEGIN READ ONLY');
      open = true;
      await client.query(`DECLARE tallyboard_rows NO SCROLL CURSOR FOR SELECT ${selected.map((c) => `"${c}"`).join(', ')} FROM ${table.sql}`);
      let row = 0;
      for (;;) {
        const batch = await client.query({ text: `FETCH FORWARD ${batchSize} FROM tallyboard_rows`, rowMode: 'array' });
        for (const values of batch.rows as unknown[][]) {
          row++;
          const fields: RawRecord['fields'] = {};
          selected.forEach((c, i) => (fields[c] = toText(values[i])));
          yield { origin, row, source: cfg.name, fields, raw: JSON.stringify(fields) };
        }
        if (batch.rows.length < batchSize) break;
      }
      await client.query('COMMIT');
      open = false;
    } catch (err) {
      if (err instanceof PostgresSourceError) throw err;
      throw new PostgresSourceError(`${label}: ${(err as Error).message}`);
    } finally {
      // Also runs when the consumer stops early: roll back the read-only transaction and hang up.
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  return { name: cfg.name, records };
}
