/**
 * Pushdown mode of a PostgreSQL source (`"pushdown": true`): the first aggregation runs inside the database
 * (pushdown-query.ts), so only RegistrationGroups and the rejected rows' mapped fields leave it; no personal column
 * is ever selected, and no accepted row crosses the wire. Counts match the row-by-row reader's: every row read is
 * in exactly one group or one rejection (read = Σ group counts + rejections).
 *
 * A rejection is worded by RecordValidator itself, run on the rejected row's fields as the row-by-row reader would
 * have yielded them, so rejects.csv says the same in both modes; only "duplicate id" needs the whole table and
 * comes from the database.
 */
import type { RegistrationGroup } from '../../cube/registration-group.ts';
import type { TimeRange } from '../../validate/time-range.ts';
import { RecordValidator, type Rejection } from '../../validate/validate.ts';
import { GROUP_COLUMNS, pushdownQuery, untypedTimestamps } from './pushdown-query.ts';
import { PostgresSourceError, postgresTable, rawRecord, readOnly, type PostgresSourceConfig } from './table.ts';

export interface PushdownOptions {
  /** The campaign's time zone: `timestamp` and `date` columns are read in it. */
  timeZone: string;
  /** The campaign's time range (validate/time-range.ts). */
  range: TimeRange;
  /** The headquarters network's change instants, sorted (DistanceClassifier.periodStarts). */
  periodStarts: readonly number[];
  /** Result rows per FETCH. Default 5000. */
  batchSize?: number;
}

/** For the one statement only (SET LOCAL): a sort or hash table larger than this spills to disk, it does not fail. */
const WORK_MEM = '64MB';

/** Part of a pushdown read: groups and rejections in no particular order. */
export interface PushdownBatch {
  groups: RegistrationGroup[];
  rejects: Rejection[];
}

/** Rows a batch stands for: its groups' counts plus its rejections. */
export function rowsIn(batch: PushdownBatch): number {
  let n = batch.rejects.length;
  for (const g of batch.groups) n += g.count;
  return n;
}

/**
 * Reads the source's table in pushdown mode. Throws PostgresSourceError (on the first iteration, before any batch)
 * when a timestamp column is not timestamptz, timestamp or date: see pushdown-query.ts for why text is refused.
 */
export function readPushdown(cfg: PostgresSourceConfig, options: PushdownOptions, env: NodeJS.ProcessEnv = process.env): AsyncGenerator<PushdownBatch> {
  const table = postgresTable(cfg, env);
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new PostgresSourceError(`${table.label}: batchSize must be a positive integer`);
  const validator = new RecordValidator({ timeZone: options.timeZone, range: options.range });

  return readOnly(table, 'tallyboard-pushdown', async function* (client, columns) {
    const untyped = untypedTimestamps(columns);
    if (untyped.length) {
      const named = await Promise.all(untyped.map(async ([c, oid]) => `${c} is ${(await client.query<{ t: string }>('SELECT format_type($1, NULL) AS t', [oid])).rows[0].t}`));
      throw new PostgresSourceError(
        `${table.label}: pushdown reads timestamps typed timestamptz, timestamp or date, but ${named.join(', ')}; ` +
          'cast it in a view (e.g. created_at::timestamptz) if that cast reads your values right, or remove "pushdown" to read the rows one by one'
      );
    }
    const query = pushdownQuery({ table: table.sql, columns, sourceName: cfg.name, timeZone: options.timeZone, range: options.range, periodStarts: options.periodStarts });
    // The groups in a hash table, not a sort of the whole table on nine keys (twice the time at 300k rows): room
    // for it, and the planner steered off sorting (the duplicate-id window still sorts; it has no other plan).
    await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
    await client.query('SET LOCAL enable_sort = off');
    // enable_sort = off prices every plan past JIT's inlining and optimizing thresholds, which then cost seconds on
    // any table; compiling expressions (jit_above_cost) still applies.
    await client.query('SET LOCAL jit_inline_above_cost = -1');
    await client.query('SET LOCAL jit_optimize_above_cost = -1');
    await client.query(`DECLARE tallyboard_groups NO SCROLL CURSOR FOR ${query.text}`, query.values);
    for (;;) {
      const result = await client.query({ text: `FETCH FORWARD ${batchSize} FROM tallyboard_groups`, rowMode: 'array' });
      const batch: PushdownBatch = { groups: [], rejects: [] };
      for (const r of result.rows as unknown[][]) {
        const field = r[0] as string | null;
        if (field === null) {
          batch.groups.push({
            source: r[3] as string,
            city: r[4] as string,
            region: r[5] as string,
            hour: r[6] as number,
            period: r[7] as number,
            phone: r[8] as boolean,
            email: r[9] as boolean,
            questionnaire: r[10] as boolean,
            count: r[11] as number
          });
          continue;
        }
        // int8 arrives as text (pg's default parser): row numbers stay far below 2^53.
        const rec = rawRecord(table, Number(r[2]), query.rejectFields, r.slice(GROUP_COLUMNS.length));
        if (r[1] === true) {
          batch.rejects.push({ origin: rec.origin, row: rec.row, field: 'id', reason: 'duplicate id', raw: rec.raw });
          continue;
        }
        const rejection = validator.check(rec);
        if (rejection === null || rejection.field !== field) {
          throw new PostgresSourceError(
            `${table.label}: row ${rec.row}: the database rejected it for ${field}, the row validator ${rejection ? `for ${rejection.field}` : 'accepts it'}; read this table without "pushdown" and report the row`
          );
        }
        batch.rejects.push(rejection);
      }
      if (batch.groups.length || batch.rejects.length) yield batch;
      if (result.rows.length < batchSize) break;
    }
  });
}
