/** Worker thread for readDeliveriesInBackground (deliveries.ts): posts each batch, its arrays transferred. */
import { parentPort, workerData } from 'node:worker_threads';
import { readDeliveries, type DeliveryJob } from './deliveries.ts';

const port = parentPort!;
try {
  for await (const batch of readDeliveries(workerData as DeliveryJob)) {
    // The batch's arrays are fresh Int32Arrays, never views on a SharedArrayBuffer, so they can be transferred.
    const buffers = [batch.hour, batch.channel, batch.gateway, batch.status, batch.count].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ batch }, buffers);
  }
  port.postMessage({ done: true });
} catch (e) {
  const err = e as Error;
  port.postMessage({ error: { name: err.name, message: err.message } });
}
