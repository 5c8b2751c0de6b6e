/**
 * Deliverability of confirmation messages: the delivered share per channel × gateway over time, and outages.
 *
 * Volume = every message the log has for the bin (sent + delivered + failed); delivered share = delivered /
 * volume. "sent" (no final status yet) counts as not delivered, so a gateway that stops reporting looks as bad
 * as one that fails, which is what the team needs to see.
 */
import type { ColumnTable, Manifest } from '../cube/format';

export interface DeliveryLine {
  channel: string;
  gateway: string;
  /** Per bin, aligned with `DeliverySeries.bins`. */
  delivered: Float64Array;
  volume: Float64Array;
}

export interface DeliverySeries {
  binHours: number;
  /** First hour of each bin. */
  bins: number[];
  lines: DeliveryLine[];
}

export interface Outage {
  channel: string;
  gateway: string;
  /** Half-open hour range. */
  from: number;
  to: number;
  delivered: number;
  volume: number;
  share: number;
}

export interface OutageOptions {
  /** Delivered share below which an hour counts as failing (default 0.5). */
  threshold?: number;
  /** Shortest run of failing hours reported (default 1). */
  minHours?: number;
  /** Hours with fewer messages are too noisy to judge and break a run (default 20). */
  minVolume?: number;
  /** Only this half-open hour range. */
  hours?: [number, number] | null;
}

/** Hourly bins up to a week, daily beyond, so a series has at most a few hundred points. */
export function binHoursFor(range: [number, number]): number {
  return range[1] - range[0] <= 7 * 24 ? 1 : 24;
}

function deliveredIndex(manifest: Manifest): number {
  return manifest.dimensions.status.indexOf('delivered');
}

/** Delivered and volume per (channel, gateway) and bin over a range; bins align to whole UTC hours or days. */
export function deliverySeries(deliveries: ColumnTable, manifest: Manifest, range: [number, number], binHours = binHoursFor(range)): DeliverySeries {
  const { channel: channels, gateway: gateways } = manifest.dimensions;
  const first = Math.floor(range[0] / binHours) * binHours;
  const nBins = Math.max(0, Math.ceil((range[1] - first) / binHours));
  const nGateways = gateways.length;
  const delivered = new Float64Array(channels.length * nGateways * nBins);
  const volume = new Float64Array(channels.length * nGateways * nBins);
  const seen = new Uint8Array(channels.length * nGateways);
  const ok = deliveredIndex(manifest);
  const { hour, channel, gateway, status, count } = deliveries.columns;
  for (let i = 0; i < deliveries.rows; i++) {
    const h = hour[i];
    if (h < range[0] || h >= range[1]) continue;
    const line = channel[i] * nGateways + gateway[i];
    const at = line * nBins + Math.floor((h - first) / binHours);
    volume[at] += count[i];
    if (status[i] === ok) delivered[at] += count[i];
    seen[line] = 1;
  }
  const lines: DeliveryLine[] = [];
  for (let line = 0; line < seen.length; line++) {
    if (!seen[line]) continue;
    lines.push({
      channel: channels[Math.floor(line / nGateways)],
      gateway: gateways[line % nGateways],
      delivered: delivered.subarray(line * nBins, (line + 1) * nBins),
      volume: volume.subarray(line * nBins, (line + 1) * nBins)
    });
  }
  return { binHours, bins: Array.from({ length: nBins }, (_, b) => first + b * binHours), lines };
}

/**
 * Runs of consecutive hours in which a gateway's delivered share stayed below the threshold with enough volume
 * to tell. Works on the hourly log whatever the view's binning, so a short outage is not averaged away.
 */
export function detectOutages(deliveries: ColumnTable, manifest: Manifest, opts: OutageOptions = {}): Outage[] {
  const { threshold = 0.5, minHours = 1, minVolume = 20 } = opts;
  const range = opts.hours ?? [manifest.hours.first, manifest.hours.last + 1];
  const series = deliverySeries(deliveries, manifest, range, 1);
  const outages: Outage[] = [];
  for (const line of series.lines) {
    let start = -1;
    let delivered = 0;
    let volume = 0;
    const close = (end: number) => {
      if (start >= 0 && end - start >= minHours) {
        outages.push({ channel: line.channel, gateway: line.gateway, from: series.bins[start], to: series.bins[start] + (end - start), delivered, volume, share: delivered / volume });
      }
      start = -1;
      delivered = 0;
      volume = 0;
    };
    for (let b = 0; b < series.bins.length; b++) {
      const v = line.volume[b];
      if (v >= minVolume && line.delivered[b] / v < threshold) {
        if (start < 0) start = b;
        delivered += line.delivered[b];
        volume += v;
      } else close(b);
    }
    close(series.bins.length);
  }
  return outages.sort((a, b) => a.from - b.from || a.gateway.localeCompare(b.gateway));
}
