/**
 * What both PostgreSQL readers (row by row, and pushdown) share: the table name's quoting, the connection, the
 * columns they may read, and how a row's values become a RawRecord's text, so a rejected row reads the same in
 * rejects.csv whichever reader saw it.
 */
import pg from 'pg';
import type { RegistrationField, SourceConfig } from '../../config/campaign.ts';
import type { RawRecord } from '../types.ts';

export type PostgresSourceConfig = Extract<SourceConfig, { kind: 'postgres' }>;

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
export const TIMESTAMP = 1114;
export const TIMESTAMPTZ = 1184;
export const DATE = 1082;

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

/** One table of one configured source: where it is, how to reach it, how to name it in errors. */
export interface PostgresTable {
  cfg: PostgresSourceConfig;
  origin: string;
  label: string;
  sql: string;
  connectionString: string;
}

/** Checks the table name and the URL variable before anything connects. */
export function postgresTable(cfg: PostgresSourceConfig, env: NodeJS.ProcessEnv): PostgresTable {
  const origin = `postgres:${cfg.table}`;
  const label = `PostgreSQL source "${cfg.name}" (${origin})`;
  let sql: string;
  try {
    sql = quoteTableName(cfg.table).sql;
  } catch (err) {
    throw new PostgresSourceError(`${label}: ${(err as Error).message}`);
  }
  const connectionString = env[cfg.urlEnv];
  if (!connectionString) {
    throw new PostgresSourceError(`${label}: environment variable ${cfg.urlEnv} is not set; it must hold the connection URL (postgres://user@host:port/db)`);
  }
  return { cfg, origin, label, sql, connectionString };
}

/** Our fields the table has, required ones first, with their type OIDs. */
export type TableColumns = Map<RegistrationField, number>;

/**
 * Connects, runs `read` inside a READ ONLY transaction in a UTC session and always hangs up, also when the consumer
 * stops early. Errors come out as PostgresSourceError naming the source.
 */
export async function* readOnly<T>(table: PostgresTable, application: string, read: (client: pg.Client, columns: TableColumns) => AsyncGenerator<T>): AsyncGenerator<T> {
  const client = new pg.Client({ connectionString: table.connectionString, types, application_name: application });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new PostgresSourceError(`${table.label}: cannot connect with the URL in ${table.cfg.urlEnv}: ${(err as Error).message}`);
  }
  let open = false;
  try {
    await client.query("SET TIME ZONE 'UTC'");
    const columns = await columnsOf(client, table);
    // One snapshot for everything read (an incremental build's high-water mark, changed rows and ids present).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    open = true;
    // Both readers number rows, and keep the first of duplicate ids, in the order one sequential scan reads the
    // heap: a synchronized scan (which may start mid-table) or a parallel one would change that order between runs.
    await client.query('SET LOCAL synchronize_seqscans = off');
    await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    yield* read(client, columns);
    await client.query('COMMIT');
    open = false;
  } catch (err) {
    if (err instanceof PostgresSourceError) throw err;
    throw new PostgresSourceError(`${table.label}: ${(err as Error).message}`);
  } finally {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function columnsOf(client: pg.Client, table: PostgresTable): Promise<TableColumns> {
  const cols = await client.query<{ name: string; type: number }>(
    'SELECT attname AS name, atttypid::int AS type FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attnum > 0 AND NOT attisdropped',
    [table.sql]
  );
  if (cols.rowCount === 0) throw new PostgresSourceError(`${table.label}: table ${table.cfg.table} does not exist or is not readable by this user`);
  const present = new Map(cols.rows.map((r) => [r.name, r.type]));
  for (const c of REQUIRED_COLUMNS) {
    if (!present.has(c)) throw new PostgresSourceError(`${table.label}: table ${table.cfg.table} has no column "${c}" (required; expected columns: ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')})`);
  }
  const columns: TableColumns = new Map();
  for (const c of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) if (present.has(c)) columns.set(c, present.get(c)!);
  return columns;
}

/** A row's values (in the order of `fields`) as the RawRecord every reader yields; `raw` holds our fields only. */
export function rawRecord(table: PostgresTable, row: number, fields: readonly RegistrationField[], values: readonly unknown[]): RawRecord {
  const out: RawRecord['fields'] = {};
  fields.forEach((c, i) => (out[c] = toText(values[i])));
  return { origin: table.origin, row, source: table.cfg.name, fields: out, raw: JSON.stringify(out) };
}
