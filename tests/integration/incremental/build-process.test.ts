/**
 * A `build` process's incremental build with the real pack and city resolver, as cron runs it: the CSV files
 * hashed ahead on a worker (state/hash-ahead.ts), the sums read from the state, the resolver's saved answers
 * parsed as asked for and the new spellings answered by the resolver (resolve/resolution-cache.ts): the same
 * published bytes as a full build of the same files.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../data-pipeline/demo/generate.ts';
import { runBuild } from '../../../data-pipeline/pipeline.ts';
import { Progress } from '../../../data-pipeline/step-log.ts';
import { expectSameSet, STATE_ENV } from '../../support/incremental.ts';

const HELD_BACK = 400;
/** Spellings no build of the demo has met: typed by registrants, they reach the resolver in the second build. */
const NEW_SPELLINGS = ['Новосибирсккк', 'г.Екатеринбурггг', 'Зюзюкинск-на-Дону'];

async function build(dir: string, name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const log: string[] = [];
  await runBuild({ config: join(dir, 'campaign.json'), out: join(dir, `out-${name}`), work: join(dir, `work-${name}`), env, progress: new Progress({ out: (l) => log.push(l), live: false }) });
  return log;
}

describe('a build process adding rows to the sums its state keeps', () => {
  it('publishes what a full build of the same files publishes, new spellings resolved and saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-build-process-'));
    await generateDemo({ pack: 'ru', registrations: 12_000, seed: 'build-process', out: dir });
    const regs = join(dir, 'registrations.csv');
    const lines = readFileSync(regs, 'utf8').split('\n').filter(Boolean);
    const header = lines[0].split(',');
    const city = header.indexOf('city');
    const id = header.indexOf('id');
    const plain = lines.slice(1).filter((l) => !l.includes('"'));
    const withNewSpellings = NEW_SPELLINGS.map((spelling, k) => {
      const cells = plain[k].split(',');
      cells[id] = `new-spelling-${k}`;
      cells[city] = spelling;
      return cells.join(',');
    });
    writeFileSync(regs, lines.slice(0, -HELD_BACK).join('\n') + '\n');
    await build(dir, 'inc', STATE_ENV);
    appendFileSync(regs, [...lines.slice(-HELD_BACK), ...withNewSpellings].join('\n') + '\n');
    const log = await build(dir, 'inc', STATE_ENV);
    expect(log.some((l) => /sums: the last build's sums kept, \d+ accepted row\(s\) added/.test(l)), log.join('\n')).toBe(true);
    expect(log.some((l) => /site: \d+ new bytes, 403 new rows/.test(l)), log.join('\n')).toBe(true);
    const { TALLYBOARD_STATE_KEY: _key, ...noState } = STATE_ENV;
    await build(dir, 'full', noState);
    expectSameSet(join(dir, 'out-inc'), join(dir, 'out-full'), 'incremental build process against a full build');
    const saved = readFileSync(join(dir, 'work-inc', 'city-resolutions-ru.jsonl'), 'utf8');
    for (const spelling of NEW_SPELLINGS) expect(saved).toContain(JSON.stringify(spelling).slice(0, -1));

    // A sums file whose body does not parse (its length still right): the next build sums every fact.
    const sumsFile = join(dir, 'work-inc', 'state', 'sums.bin');
    const bytes = readFileSync(sumsFile);
    bytes.fill(0x7b, 4 + bytes.readUInt32LE(0), 4 + bytes.readUInt32LE(0) + 8);
    writeFileSync(sumsFile, bytes);
    appendFileSync(regs, plain.slice(10, 20).map((l, k) => l.replace(/^[^,]*/, `late-${k}`)).join('\n') + '\n');
    const after = await build(dir, 'inc', STATE_ENV);
    expect(after.some((l) => /sums: every fact summed \(the state's sums file could not be read\)/.test(l)), after.join('\n')).toBe(true);
    await build(dir, 'full', noState);
    expectSameSet(join(dir, 'out-inc'), join(dir, 'out-full'), 'after an unreadable sums file, against a full build');
  }, 120_000);
});
