/**
 * What the loading screen says about the data's download: bytes received of the files requested so far, in the
 * unit of the whole ("0.4 of 3.9 MB", "210 of 880 kB"), and the share done when every size is known.
 */
import { m } from '$shared/i18n/paraglide/messages.js';
import type { FileProgress } from './fetch-dataset';

export interface DownloadSummary {
  loaded: number;
  /** Sum of the files' sizes, or null while a file's size is unknown. */
  total: number | null;
  /** loaded ÷ total, or null. */
  fraction: number | null;
  text: string;
}

const KB = 1_000;
const MB = 1_000_000;

function inUnit(bytes: number, unit: number): string {
  return unit === MB ? (bytes / MB).toFixed(1) : String(Math.round(bytes / KB));
}

export function downloadSummary(files: Iterable<FileProgress>): DownloadSummary {
  let loaded = 0;
  let total: number | null = 0;
  let any = false;
  for (const f of files) {
    any = true;
    loaded += f.loaded;
    total = total === null || f.total === null ? null : total + f.total;
  }
  if (!any) return { loaded: 0, total: null, fraction: null, text: '' };
  const unit = (total ?? loaded) >= MB ? MB : KB;
  const name = unit === MB ? m.unit_mb() : m.unit_kb();
  const text = total === null ? `${inUnit(loaded, unit)} ${name}` : m.download_of({ loaded: inUnit(loaded, unit), total: inUnit(total, unit), unit: name });
  return { loaded, total, fraction: total ? Math.min(1, loaded / total) : null, text };
}
