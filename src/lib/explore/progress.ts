/**
 * What the SQL page says while it starts: the WebAssembly module and the data files download together, so one
 * byte count covers both, then the tables are attached.
 */
import { m } from '$shared/i18n/paraglide/messages.js';
import { downloadSummary } from '$lib/data/download-progress';
import type { SessionProgress } from './session';

export interface StartupSummary {
  text: string;
  /** Share of the bytes received, when every size is known. */
  fraction: number | null;
}

export function startupSummary(progress: SessionProgress): StartupSummary {
  if (progress.step === 'ready') return { text: m.explore_ready(), fraction: 1 };
  if (progress.step === 'attaching') return { text: m.explore_attaching(), fraction: 1 };
  const files = [{ path: 'duckdb-wasm', ...progress.engine }, ...[...progress.files].map(([path, f]) => ({ path, ...f }))];
  const download = downloadSummary(files);
  return { text: m.explore_loading({ progress: download.text }), fraction: download.fraction };
}
