/**
 * Registrations from a PostgreSQL table, read through a server-side cursor in batches (memory stays bounded by one
 * batch whatever the table size), inside a READ ONLY transaction. (`sources/postgres/pushdown.ts` is the other
 * reader: it aggregates inside the database instead.)
 *
 * The table must have columns named exactly like our registration fields (lower case): `created_at` and `city` are
 * required; `id`, `region`, `source`, `phone_confirmed_at`, `email_confirmed_at`, `questionnaire_at` are read when
 * present. Only these columns are ever selected, so any other column (names, e-mails, phones, addresses…) never
 * leaves the database. Timestamps become ISO 8601 strings: `timestamptz` → UTC instant ("…Z"); `timestamp` without
 * time zone → local time without offset ("2024-03-01T12:00:00", read later in the campaign time zone); `date` →
 * "YYYY-MM-DD". Other values → their text. The table name may be `table` or `schema.table`, each part a plain
 * identifier ([A-Za-z_][A-Za-z0-9_$]*, ≤ 63 chars); it is quoted, so it is case-sensitive, and anything else is
 * rejected before connecting. Rows come in the order of one sequential scan of the table.
 */
import type pg from 'pg';
import type { RawRecord, RegistrationSource } from './types.ts';
import { PostgresSourceError, postgresTable, rawRecord, readOnly, type PostgresSourceConfig } from './postgres/table.ts';

export { PostgresSourceError, quoteTableName, type PostgresSourceConfig } from './postgres/table.ts';

export interface PostgresOptions {
  /** Rows per FETCH. Default 5000. */
  batchSize?: number;
  /**
   * An incremental build's high-water mark (with `updatedAtColumn`): only rows whose column is at or above it are
   * read — at, so that rows written in the mark's own instant after the last build are not missed (reading one
   * again is harmless: it replaces itself).
   */
  since?: string;
  /** With `since`: the table's row count, in the snapshot the rows are read in (has a row been deleted?). */
  onTableRows?: (rows: number) => void;
}

export function createPostgresSource(cfg: PostgresSourceConfig, env: NodeJS.ProcessEnv = process.env, options: PostgresOptions = {}): RegistrationSource {
  const table = postgresTable(cfg, env);
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new PostgresSourceError(`${table.label}: batchSize must be a positive integer`);

  const updatedAt = cfg.updatedAtColumn;
  if (updatedAt !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(updatedAt)) throw new PostgresSourceError(`${table.label}: updatedAtColumn ${JSON.stringify(updatedAt)} is not a plain identifier`);
  const since = updatedAt !== undefined ? options.since : undefined;
  let highWater: string | null = null;

  function records(): AsyncGenerator<RawRecord> {
    return readOnly(table, 'tallyboard-source', async function* (client, columns) {
      const selected = [...columns.keys()];
      if (updatedAt !== undefined) {
        const max = await client.query({ text: `SELECT max("${updatedAt}")::text FROM ${table.sql}`, rowMode: 'array' });
        highWater = ((max.rows[0] as unknown[])[0] as string | null) ?? null;
      }
      if (since !== undefined && options.onTableRows) {
        if (!columns.has('id')) throw new PostgresSourceError(NEEDS_ID(table.label));
        const count = await client.query({ text: `SELECT count(*)::text FROM ${table.sql}`, rowMode: 'array' });
        options.onTableRows(Number((count.rows[0] as unknown[])[0]));
      }
      const where = since !== undefined ? ` WHERE "${updatedAt}" >= $1` : '';
      await client.query({ text: `DECLARE tallyboard_rows NO SCROLL CURSOR FOR SELECT ${selected.map((c) => `"${c}"`).join(', ')} FROM ${table.sql}${where}`, values: since !== undefined ? [since] : [] });
      let row = 0;
      for await (const rows of batches(client, 'tallyboard_rows', batchSize)) for (const values of rows) yield rawRecord(table, ++row, selected, values);
    });
  }

  return { name: cfg.name, records, watermark: () => highWater };
}

const NEEDS_ID = (label: string): string => `${label}: updatedAtColumn needs an "id" column, to notice deleted rows`;

/** Every id in the table, to `onLiveId` (an incremental build whose table lost rows: which ones went?). */
export async function readLiveIds(cfg: PostgresSourceConfig, env: NodeJS.ProcessEnv, onLiveId: (id: string) => void, batchSize = 5000): Promise<void> {
  const table = postgresTable(cfg, env);
  const ids = readOnly(table, 'tallyboard-source', async function* (client, columns) {
    if (!columns.has('id')) throw new PostgresSourceError(NEEDS_ID(table.label));
    await client.query(`DECLARE tallyboard_ids NO SCROLL CURSOR FOR SELECT "id"::text FROM ${table.sql} WHERE "id" IS NOT NULL`);
    for await (const rows of batches(client, 'tallyboard_ids', batchSize)) yield* rows.map(([id]) => id as string);
  });
  for await (const id of ids) onLiveId(id);
}

async function* batches(client: pg.Client, cursor: string, batchSize: number): AsyncGenerator<unknown[][]> {
  for (;;) {
    const batch = await client.query({ text: `FETCH FORWARD ${batchSize} FROM ${cursor}`, rowMode: 'array' });
    yield batch.rows as unknown[][];
    if (batch.rows.length < batchSize) break;
  }
}
