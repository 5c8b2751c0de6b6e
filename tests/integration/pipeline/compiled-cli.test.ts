/**
 * The CLI as `npm install` compiles it (data-pipeline/bin/compile-cli.ts) against the TypeScript it is made from:
 * the same published bytes, rejects and unresolved spellings from the demo's raw exports, run by plain Node.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCli } from '../../../data-pipeline/bin/compile-cli.ts';
import { freshCompiledEntry } from '../../../data-pipeline/bin/compiled-cli.js';
import { generateDemo } from '../../../data-pipeline/demo/generate.ts';
import { folderBytes } from '../../support/pipeline-helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Every file below `dir` and its bytes, each time of publishing left out. */
const published = (dir: string): Record<string, string> =>
  Object.fromEntries(Object.entries(folderBytes(dir)).map(([path, text]) => [path, text.replace(/"generatedAt":\s*"[^"]*"/g, '')]));

describe('the compiled CLI', () => {
  // Inside the project, as data-pipeline/bin/.compiled is: the bundle imports its native packages from node_modules.
  const compiled = join(ROOT, '.tallyboard', `compiled-cli-test-${process.pid}`);
  let entry: string;
  let campaign: string;
  let inputs: string[];
  beforeAll(async () => {
    const pointer = await compileCli(compiled);
    entry = join(compiled, pointer.entry);
    inputs = pointer.inputs;
    campaign = mkdtempSync(join(tmpdir(), 'tb-compiled-'));
    await generateDemo({ pack: 'ru', registrations: 4000, seed: 'compiled', out: join(campaign, 'ts') });
    cpSync(join(campaign, 'ts'), join(campaign, 'compiled'), { recursive: true });
  }, 120_000);
  afterAll(() => rmSync(compiled, { recursive: true, force: true }));

  it('publishes what the TypeScript CLI publishes, byte for byte, run by Node without a loader', () => {
    const build = (runner: string[], side: string) =>
      spawnSync(process.execPath, [...runner, 'build', '--config', join(campaign, side, 'campaign.json'), '--out', join(campaign, side, 'out')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const ts = build(['--import', 'tsx', 'data-pipeline/cli/main.ts'], 'ts');
    const compiledRun = build([entry], 'compiled');
    expect(ts.status, ts.stderr).toBe(0);
    expect(compiledRun.status, compiledRun.stderr).toBe(0);
    expect(compiledRun.stdout).toMatch(/read 4,000 = accepted [\d,]+ \+ rejected [\d,]+/);
    const a = published(join(campaign, 'ts', 'out'));
    expect(Object.keys(a)).toContain('/registrations.tbc');
    expect(published(join(campaign, 'compiled', 'out'))).toEqual(a);
    for (const f of ['rejects.csv', 'unresolved-cities.csv']) {
      expect(readFileSync(join(campaign, 'compiled', '.tallyboard', f), 'utf8')).toBe(readFileSync(join(campaign, 'ts', '.tallyboard', f), 'utf8'));
    }
  }, 180_000);

  it('answers the commands it loads lazily', () => {
    const help = spawnSync(process.execPath, [entry, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('tallyboard <command>');
    const cities = spawnSync(process.execPath, [entry, 'cities', 'resolve', '--pack', 'ru'], { cwd: ROOT, encoding: 'utf8', input: 'Москва\n' });
    expect(cities.status, cities.stderr).toBe(0);
    expect(cities.stdout).toContain('RU-MOW');
    expect(freshCompiledEntry(compiled)).toBe(pathToFileURL(entry).href);
  });

  it('bundles its packages but the native addons, and counts the lockfiles among its inputs, not each package file', () => {
    const folder = join(entry, '..');
    const specifiers = new Set<string>();
    for (const chunk of readdirSync(folder)) {
      const text = readFileSync(join(folder, chunk), 'utf8');
      for (const m of text.matchAll(/(?:^(?:import|export)\b[^;\n]*? from |\bimport\(|\brequire\(|__require\()"([^".][^"]*)"/gm)) specifiers.add(m[1]);
    }
    const packages = [...specifiers].filter((s) => !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]));
    const packageOf = (s: string): string => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/');
    expect(new Set(packages.map(packageOf))).toEqual(new Set(['@duckdb/node-bindings', '@resvg/resvg-js', 'pg-native']));
    expect(inputs).toContain('package-lock.json');
    expect(inputs.filter((i) => i.includes('node_modules/') && !i.endsWith('.package-lock.json'))).toEqual([]);
    expect(inputs).toContain('data-pipeline/cli/main.ts');
  });

  it('points at each new compile and keeps only the one before it, for a process still loading its chunks', async () => {
    const second = await compileCli(compiled);
    const third = await compileCli(compiled);
    expect(freshCompiledEntry(compiled)).toBe(pathToFileURL(join(compiled, third.entry)).href);
    const folders = readdirSync(compiled, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual([second.entry, third.entry].map((e) => e.split('/')[0]).sort());
    expect(readdirSync(compiled).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
