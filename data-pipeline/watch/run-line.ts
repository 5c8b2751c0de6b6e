/** The one line `watch` prints per run: when, how it went, the counts, how long, and the alerts' summary. */
import type { Manifest } from '../../shared/cube/format.ts';
import { fmtInt, fmtSec } from '../step-log.ts';

export function builtLine(run: number, startedAt: Date, ms: number, manifest: Manifest, outDir: string): string {
  const { read, accepted, rejected } = manifest.counts;
  return (
    `${startedAt.toISOString()} run ${run}: built in ${fmtSec(ms)}: read ${fmtInt(read)} = accepted ${fmtInt(accepted)} + rejected ${fmtInt(rejected)}, ` +
    `${fmtInt(manifest.files.registrations.rows)} cube rows, ${fmtInt(manifest.totals.deliveries)} messages; published to ${outDir}`
  );
}

export function failedLine(run: number, startedAt: Date, ms: number, reason: string, outDir: string): string {
  return `${startedAt.toISOString()} run ${run}: FAILED after ${fmtSec(ms)}: ${reason.split('\n')[0]}; the last good publish stays in ${outDir}`;
}
