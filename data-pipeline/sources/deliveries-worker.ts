/** Worker thread for readDeliveriesInBackground (deliveries.ts): posts each batch, its arrays transferred. */
import { parentPort, workerData } from 'node:worker_threads';
import { readDeliveries, type DeliveryJob } from './deliveries.ts';

const port = parentPort!;
try {
  for await (const batch of readDeliveries(workerData as DeliveryJob)) {
    port.postMessage({ batch }, [batch.hour.buffer, batch.channel.buffer, batch.gateway.buffer, batch.status.buffer, batch.count.buffer]);
  }
  port.postMessage({ done: true });
} catch (e) {
  const err = e as Error;
  port.postMessage({ error: { name: err.name, message: err.message } });
}
