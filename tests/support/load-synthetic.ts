import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, type Dataset } from '../../shared/cube/dataset.ts';
import { writeSyntheticDataset, type SyntheticOptions } from './synthetic-dataset.ts';

/** The synthetic data set as the browser would load it (written, then read back through the shared loader). */
export async function loadSynthetic(options: SyntheticOptions = {}): Promise<Dataset> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-regional-'));
  try {
    writeSyntheticDataset(dir, options);
    return await loadDataset(async (path) => new Uint8Array(readFileSync(join(dir, path))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
