/**
 * `tallyboard events --config FILE [--data DIR]` — what each campaign event added, from the published data set:
 * one JSON object per line, `{"id","title","kind","regionCode","lift","low","high"}`, in event order. The
 * numbers are the dashboard's and the report's (shared/metrics/attribution.ts on the same cube).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { campaignFolders } from '../config/folders.ts';
import { loadCore } from '../../shared/cube/dataset.ts';
import { attributeDataset } from '../../shared/metrics/event-series.ts';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';
import { startConfigured } from './configured-command.ts';

const USAGE = 'usage: tallyboard events --config FILE [--data DIR]';

export async function eventsCommand(argv: string[]): Promise<number> {
  const say = (line: string): boolean => process.stderr.write(`tallyboard events: ${line}\n`);
  const started = startConfigured(say, USAGE, () => {
    const args = parseArgs(argv, { config: 'string', data: 'string' });
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    return { config: requiredFlag(args, 'config'), data: stringFlag(args, 'data') };
  });
  if (started === 2) return 2;
  const { flags, loaded } = started;
  const dataDir = campaignFolders(loaded.config, loaded.dir, { data: flags.data }).data;
  let core;
  try {
    core = await loadCore(async (path) => new Uint8Array(await readFile(join(dataDir, path))));
  } catch (e) {
    say(`cannot read the published data in ${dataDir}: ${(e as Error).message}`);
    return 1;
  }
  const attribution = attributeDataset(core);
  const lines = core.events.map((e) => {
    const a = attribution.get(e.id);
    return `${JSON.stringify({ id: e.id, title: e.title, kind: e.kind, regionCode: e.regionCode, lift: a?.lift ?? 0, low: a?.low ?? 0, high: a?.high ?? 0 })}\n`;
  });
  process.stdout.write(lines.join(''));
  return 0;
}
