/**
 * The message-delivery log (`time,channel,gateway,status`, one row per attempt), read into slim integer batches.
 * The log can be twice as long as the registrations, so the build reads it on a worker thread
 * (deliveries-worker.ts) in parallel with the registrations: on 2 cores that hides most of its cost.
 * Channel and status indexes are positions in DELIVERY_CHANNELS / DELIVERY_STATUSES; gateway indexes are assigned
 * in order of first appearance, and each batch carries the names it introduced.
 */
import { Worker } from 'node:worker_threads';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../../shared/cube/format.ts';
import { csvLine, RAW } from '../../shared/csv/csv.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import { ZoneClock } from '../../shared/time/zone-clock.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { workerExecArgv } from '../worker-exec-argv.ts';
import { csvRowBatches } from '../sources/csv/read-csv.ts';
import { MAX_ROW_CHARS, OVERLONG_ROW } from '../sources/csv/tokenizer.ts';
import { parseIso } from '../validate/time.ts';
import { outOfRange, type TimeRange } from '../validate/time-range.ts';
import { CellTable } from './cells.ts';
import type { Rejection } from '../validate/validate.ts';

export interface DeliveryBatch {
  n: number;
  hour: Int32Array;
  channel: Int32Array;
  gateway: Int32Array;
  status: Int32Array;
  /** Messages per row: rows with the same hour, channel, gateway and status are combined within a batch. */
  count: Int32Array;
  /** Gateway names first seen in this batch, in index order. */
  newGateways: string[];
  rejects: Rejection[];
  /** Rows read in this batch (accepted + rejected). */
  read: number;
}

/** Rows read per posted batch (the reader yields 64 KB slices; batches combine rows across them). */
const BATCH_ROWS = 1 << 16;

export interface DeliveryJob {
  path: string;
  /** The path as written in the config, for messages and rejects.csv. */
  label: string;
  timeZone: string;
  /** Timestamps outside it are rejected, as for registrations (validate/time-range.ts). */
  range: TimeRange;
  maxGateways?: number;
}

export const deliveryChannelIndex = (): Map<string, number> => new Map(DELIVERY_CHANNELS.map((c, i) => [c, i]));
export const deliveryStatusIndex = (): Map<string, number> => new Map(DELIVERY_STATUSES.map((s, i) => [s, i]));

/** The delivery log's required columns, in the order `checkDelivery` reads them. */
export const DELIVERY_COLUMNS = ['time', 'channel', 'gateway', 'status'] as const;

/**
 * One row of the log (`cells`; `col`: the indexes of DELIVERY_COLUMNS) checked: its instant, channel and status
 * indexes and trimmed gateway name, or the field at fault and why.
 */
export function checkDelivery(
  c: readonly string[],
  col: readonly number[],
  zone: ZoneClock,
  range: TimeRange,
  channels: ReadonlyMap<string, number>,
  statuses: ReadonlyMap<string, number>
): { ms: number; channel: number; status: number; gatewayName: string } | { field: string; reason: string } {
  const time = c[col[0]] ?? '';
  const channel = channels.get(c[col[1]] ?? '');
  const gatewayName = (c[col[2]] ?? '').trim();
  const status = statuses.get(c[col[3]] ?? '');
  const t = parseIso(time, zone);
  if (c === OVERLONG_ROW) return { field: '(row)', reason: `longer than ${MAX_ROW_CHARS} characters: skipped` };
  if (Number.isNaN(t)) return { field: 'time', reason: `not a timestamp: "${time}"` };
  const outside = outOfRange(range, t, time);
  if (outside) return { field: 'time', reason: outside };
  if (channel === undefined) return { field: 'channel', reason: `unknown channel "${c[col[1]] ?? ''}"` };
  if (status === undefined) return { field: 'status', reason: `unknown status "${c[col[3]] ?? ''}"` };
  if (gatewayName === '') return { field: 'gateway', reason: 'missing value' };
  return { ms: t, channel, status, gatewayName };
}

export async function* readDeliveries(job: DeliveryJob): AsyncGenerator<DeliveryBatch> {
  const zone = new ZoneClock(job.timeZone);
  const channels = deliveryChannelIndex();
  const statuses = deliveryStatusIndex();
  const gateways = new Map<string, number>();
  const maxGateways = job.maxGateways ?? 1000;
  let col: number[] | undefined;
  let row = 0;
  // A pre-aggregation within each batch (a combiner): cells keyed (hour, channel·2^29 + gateway·2^8 + status),
  // so fewer rows are posted and added on the main thread. Typed arrays: no per-row Map entry or boxed key.
  let combine = new CellTable(1, 1 << 12);
  let read = 0;
  let newGateways: string[] = [];
  let rejects: Rejection[] = [];
  const take = (): DeliveryBatch => {
    const n = combine.size;
    const b: DeliveryBatch = {
      n,
      hour: combine.cellA.slice(0, n),
      channel: new Int32Array(n),
      gateway: new Int32Array(n),
      status: new Int32Array(n),
      count: combine.sums[0].slice(0, n),
      newGateways,
      rejects,
      read
    };
    const key = combine.cellB;
    for (let i = 0; i < n; i++) {
      const k = key[i];
      b.channel[i] = k >>> 29;
      b.gateway[i] = (k >>> 8) & 0x1fffff;
      b.status[i] = k & 255;
    }
    combine = new CellTable(1, 1 << 12);
    read = 0;
    newGateways = [];
    rejects = [];
    return b;
  };
  for await (const cells of csvRowBatches(job.path)) {
    for (const c of cells) {
      if (!col) {
        const header = c.map((x) => x.trim());
        col = DELIVERY_COLUMNS.map((name) => {
          const i = header.indexOf(name);
          if (i < 0) throw new FatalInputError(`${job.label}: missing required column "${name}"`);
          return i;
        });
        continue;
      }
      if (read === BATCH_ROWS) yield take();
      row++;
      read++;
      const checked = checkDelivery(c, col, zone, job.range, channels, statuses);
      if ('reason' in checked) {
        rejects.push({ origin: job.label, row, field: checked.field, reason: checked.reason, raw: csvLine(c, RAW) });
        continue;
      }
      const { ms: t, channel, status, gatewayName } = checked;
      let g = gateways.get(gatewayName);
      if (g === undefined) {
        const name = gateways.size < maxGateways ? gatewayName : 'other';
        g = gateways.get(name);
        if (g === undefined) {
          g = gateways.size;
          gateways.set(name, g);
          newGateways.push(name);
        }
      }
      const cell = combine.cell(hourOfMs(t), (channel << 29) | (g << 8) | status); // (may grow the sums: read them after)
      combine.sums[0][cell]++;
    }
  }
  if (read > 0) yield take();
  if (!col) throw new FatalInputError(`${job.label}: empty file (no header row)`);
}

/**
 * Reads the log on a worker thread, calling `onBatch` on this thread for each batch as it arrives (so the caller
 * can append it while doing other work). Resolves when the whole file is read; rejects with the reader's error.
 * Falls back to reading on this thread when a worker cannot be started.
 */
export interface BackgroundRead {
  /** Settles when the whole file is read (never rejects: the error, if any, is returned). */
  done: Promise<Error | null>;
  stop(): void;
}

export function readDeliveriesInBackground(job: DeliveryJob, onBatch: (b: DeliveryBatch) => void): BackgroundRead {
  const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
  let worker: Worker;
  try {
    worker = new Worker(new URL('./deliveries-worker.mjs', import.meta.url), { workerData: job, execArgv: workerExecArgv() });
  } catch {
    let stopped = false;
    const done = (async () => {
      for await (const b of readDeliveries(job)) {
        if (stopped) break;
        onBatch(b);
      }
      return null;
    })().catch(asError);
    return { done, stop: () => void (stopped = true) };
  }
  const done = new Promise<Error | null>((resolve) => {
    worker.on('message', (m: { batch?: DeliveryBatch; done?: true; error?: { name: string; message: string } }) => {
      if (m.batch) {
        try {
          onBatch(m.batch);
        } catch (e) {
          resolve(asError(e));
          void worker.terminate();
        }
      } else if (m.done) resolve(null);
      else if (m.error) resolve(m.error.name === 'FatalInputError' ? new FatalInputError(m.error.message) : new Error(m.error.message));
    });
    worker.on('error', (e) => resolve(asError(e)));
    worker.on('exit', (code) => resolve(new Error(`${job.label}: the deliveries reader stopped (exit ${code})`)));
  });
  return { done, stop: () => void worker.terminate() };
}
