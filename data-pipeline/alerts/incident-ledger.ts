/**
 * The incident ledger (`alert-incidents.json` in the work folder): the incidents still open, or ended but not yet
 * mailed as ended. It is what makes an incident mail go out once per start and once per end however often the
 * check runs. Written atomically after every mail, so a crash mid-run cannot lead the next run to repeat one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Incident } from './incidents.ts';

export const INCIDENT_LEDGER = 'alert-incidents.json';

interface LedgerFile {
  version: 1;
  incidents: Incident[];
}

export function readIncidents(file: string): Incident[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const data = JSON.parse(text) as LedgerFile;
  if (data.version !== 1 || !Array.isArray(data.incidents)) throw new Error(`${file}: not an incident ledger (version 1)`);
  return data.incidents;
}

export function writeIncidents(file: string, incidents: Incident[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, incidents } satisfies LedgerFile, null, 2) + '\n');
  renameSync(tmp, file);
}
