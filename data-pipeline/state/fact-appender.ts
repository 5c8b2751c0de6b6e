/**
 * Accepted rows of a source read one by one (PostgreSQL, OSDI, a CSV file read by the TypeScript reader), written
 * as facts (build-state.ts's FACT_COLUMNS) into a temporary table, to be kept in the state and summed from there
 * like the rows DuckDB reads.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { hourOfMs } from '../../shared/time/hours.ts';
import type { RawRecord } from '../sources/types.ts';
import type { Accepted } from '../validate/validate.ts';
import { FACT_COLUMNS } from './build-state.ts';
import type { StateKey } from './state-key.ts';

export class FactAppender {
  rows = 0;
  private constructor(
    private readonly appender: DuckDBAppender,
    private readonly touchedAppender: DuckDBAppender,
    /** The facts table: a relation with FACT_COLUMNS. */
    readonly table: string,
    /** The keys of every row read, accepted or rejected (column `key`). */
    readonly touched: string,
    private readonly key: StateKey,
    private readonly periodOf: (ms: number) => number,
    /**
     * Added to the rows' numbers of a changed-rows read (their positions come after those of the rows kept from
     * earlier builds), whose keys are then noted in `touchedHex` too; null for a read in full.
     */
    private readonly rowBase: number | null
  ) {}

  static async open(conn: DuckDBConnection, table: string, key: StateKey, periodOf: (ms: number) => number, rowBase: number | null): Promise<FactAppender> {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} (${FACT_COLUMNS})`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${table}_touched (key BLOB)`);
    const [facts, touched] = [await conn.createAppender(table, 'main', 'temp'), await conn.createAppender(`${table}_touched`, 'main', 'temp')];
    return new FactAppender(facts, touched, table, `${table}_touched`, key, periodOf, rowBase);
  }

  /** Keys (hex) of the rows a changed-rows read read, accepted or rejected (such a read is small). */
  readonly touchedHex = new Set<string>();

  /** The key of a record's id (null without one), noted as touched. */
  keyOf(rec: RawRecord): Buffer | null {
    const id = rec.fields.id;
    if (typeof id !== 'string' || id.trim() === '') return null;
    const k = this.key.ofId(id.trim());
    this.touchedAppender.appendBlob(k);
    this.touchedAppender.endRow();
    if (this.rowBase !== null) this.touchedHex.add(k.toString('hex'));
    return k;
  }

  add(key: Buffer | null, rec: RawRecord, a: Accepted): void {
    const ap = this.appender;
    if (key) ap.appendBlob(key);
    else ap.appendNull();
    ap.appendBigInt(BigInt((this.rowBase ?? 0) + rec.row));
    ap.appendVarchar(a.source);
    ap.appendVarchar(a.city);
    ap.appendVarchar(a.region);
    ap.appendInteger(hourOfMs(a.createdMs));
    ap.appendInteger(this.periodOf(a.createdMs));
    ap.appendBoolean(a.phoneMs === a.phoneMs);
    ap.appendBoolean(a.emailMs === a.emailMs);
    ap.appendBoolean(a.questionnaireMs === a.questionnaireMs);
    ap.endRow();
    this.rows++;
  }

  close(): void {
    this.appender.closeSync();
    this.touchedAppender.closeSync();
  }
}
