/**
 * A source read row by row, read and validated ahead of its turn: while DuckDB scans an earlier source's CSV file,
 * the build's thread would only wait (cube/registrations-duckdb.ts), so it reads this source's records and checks
 * them meanwhile, holding each record's outcome (its rejection, or a copy of what validation accepted). In the
 * source's turn, cube/registrations.ts sums the held outcomes and then reads on where the reading ahead stopped:
 * the sums, rejects and tallies are those of reading the source then.
 *
 * Checking earlier changes nothing: the duplicate-id sets are per source (source names are unique) and the rest of
 * the validator's state is caches. What must stay in order — the spellings met, the source dictionary, the rejects
 * file — happens in the source's turn, as before.
 */
import type { RawRecord, RegistrationSource } from '../sources/types.ts';
import type { Accepted, Rejection } from '../validate/validate.ts';
import type { RecordValidator } from '../validate/validate.ts';

/** A record's outcome: its rejection, or a copy of what the validator accepted. */
export type CheckedRecord = { rejection: Rejection; accepted?: undefined } | { rejection?: undefined; accepted: Accepted };

/** Records a source without batches hands over per batch. */
const RECORDS_PER_BATCH = 1024;

/** Outcomes held at most: each holds a copy of an accepted record (~150 bytes), so 250,000 rows hold ~40 MB. */
const MAX_HELD = 250_000;

async function* batchesOf(source: RegistrationSource): AsyncGenerator<RawRecord[]> {
  if (source.batches) {
    yield* source.batches();
    return;
  }
  let batch: RawRecord[] = [];
  for await (const rec of source.records()) {
    batch.push(rec);
    if (batch.length === RECORDS_PER_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Checks a batch in order; each outcome is taken before the next check reuses the validator's output. */
function checkBatch(validator: RecordValidator, batch: readonly RawRecord[], timeFormat: string | undefined): CheckedRecord[] {
  const out: CheckedRecord[] = new Array(batch.length);
  for (let k = 0; k < batch.length; k++) {
    const rejection = validator.check(batch[k], timeFormat);
    out[k] = rejection ? { rejection } : { accepted: { ...validator.accepted } };
  }
  return out;
}

export class CheckedAhead {
  private readonly batches: AsyncGenerator<RawRecord[]>;
  private readonly held: CheckedRecord[][] = [];
  private heldRows = 0;
  private ended = false;
  /** A read that failed ahead: thrown in the source's turn, where reading it then would have thrown it. */
  private failure: { error: unknown } | null = null;
  /** The reading ahead under way, if any. */
  private reading: Promise<void> | null = null;
  private taken = false;

  constructor(
    source: RegistrationSource,
    private readonly timeFormat: string | undefined,
    private readonly validator: RecordValidator,
    private readonly maxHeld = MAX_HELD
  ) {
    this.batches = batchesOf(source);
  }

  /** Rows read and checked ahead so far. */
  get rowsHeld(): number {
    return this.heldRows;
  }

  /**
   * Reads and checks ahead until `until` settles (a batch under way is finished), the source ends or the bound is
   * reached; called again (a later scan), it reads on. Nothing is checked after `until` has settled, so the
   * caller's own checks then are never interleaved.
   */
  readWhile(until: Promise<unknown>): void {
    if (this.taken) return;
    let over = false;
    until.then(
      () => (over = true),
      () => (over = true)
    );
    const before = this.reading;
    this.reading = (async () => {
      await before;
      try {
        while (!over && !this.ended && !this.failure && this.heldRows < this.maxHeld) {
          const next = await this.batches.next();
          if (next.done) this.ended = true;
          else {
            this.held.push(checkBatch(this.validator, next.value, this.timeFormat));
            this.heldRows += next.value.length;
          }
        }
      } catch (error) {
        this.failure = { error };
      }
    })();
  }

  /** The source's outcomes per batch, in order: those held, then the rest read and checked as they come. Once. */
  async *outcomes(): AsyncGenerator<CheckedRecord[]> {
    if (this.taken) throw new Error('CheckedAhead.outcomes: already taken');
    this.taken = true;
    await this.reading;
    for (const batch of this.held.splice(0)) yield batch;
    if (this.failure) throw this.failure.error;
    if (this.ended) return;
    for await (const batch of this.batches) yield checkBatch(this.validator, batch, this.timeFormat);
  }

  /** Stops reading (a build that fails before the source's turn): closes the source's file or connection. */
  async cancel(): Promise<void> {
    this.taken = true;
    await this.reading;
    await this.batches.return(undefined).catch(() => undefined);
  }
}
