/**
 * The deliveries cube of the last build's delivery log, kept in the state (build-state.ts) while the log's bytes
 * stay the same: its cells are recorded as they are summed, and replayed into the next build's cube.
 */
import type { CubeAggregator } from '../cube/aggregate.ts';

export interface KeptDeliveries {
  /** SHA-256 of the log the cells were summed from. */
  sha256: string;
  counts: { read: number; accepted: number; rejected: number };
  gateways: string[];
}

type DeliverySink = Pick<CubeAggregator, 'addDelivery'>;

/** Passes cells on to the cube and records them: (hour, channel, gateway, status, count). */
export class DeliveryCells implements DeliverySink {
  readonly cells: Array<[number, number, number, number, number]> = [];
  constructor(private readonly cube: DeliverySink) {}

  addDelivery(hour: number, channel: number, gateway: number, status: number, count = 1): void {
    this.cube.addDelivery(hour, channel, gateway, status, count);
    this.cells.push([hour, channel, gateway, status, count]);
  }
}
