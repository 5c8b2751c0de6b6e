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
import type { RawRecord, RegistrationSource } from './types.ts';
import { PostgresSourceError, postgresTable, rawRecord, readOnly, type PostgresSourceConfig } from './postgres/table.ts';

export { PostgresSourceError, quoteTableName, type PostgresSourceConfig } from './postgres/table.ts';

export interface PostgresOptions {
  /** Rows per FETCH. Default 5000. */
  batchSize?: number;
}

export function createPostgresSource(cfg: PostgresSourceConfig, env: NodeJS.ProcessEnv = process.env, options: PostgresOptions = {}): RegistrationSource {
  const table = postgresTable(cfg, env);
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new PostgresSourceError(`${table.label}: batchSize must be a positive integer`);

  function records(): AsyncGenerator<RawRecord> {
    return readOnly(table, 'tallyboard-source', async function* (client, columns) {
      const selected = [...columns.keys()];
      await client.query(`DECLARE tallyboard_rows NO SCROLL CURSOR FOR SELECT ${selected.map((c) => `"${c}"`).join(', ')} FROM ${table.sql}`);
      let row = 0;
      for (;;) {
        const batch = await client.query({ text: `FETCH FORWARD ${batchSize} FROM tallyboard_rows`, rowMode: 'array' });
        for (const values of batch.rows as unknown[][]) yield rawRecord(table, ++row, selected, values);
        if (batch.rows.length < batchSize) break;
      }
    });
  }

  return { name: cfg.name, records };
}
