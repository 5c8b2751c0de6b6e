import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DUCKDB_WORKER_CHANGES, patchDuckDbWorker } from '../../../data-pipeline/site/duckdb-worker-scripts.ts';

const published = readFileSync(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
const updateGot = (script: string) => /updateGOT=\(e,t\)=>\{.*?\},relocateExports=/.exec(script)?.[0] ?? '';
const count = (text: string, part: string) => text.split(part).length - 1;

describe('DuckDB-WASM worker script as served', () => {
  const served = patchDuckDbWorker(published);

  it('makes Global Offset Table entries only for symbols a module imports', () => {
    expect(updateGot(published)).toContain('new WebAssembly.Global');
    expect(updateGot(served)).not.toContain('new WebAssembly.Global');
    expect(updateGot(served)).toContain('GOT[r]&&(t||GOT[r].value==0)&&');
  });

  it('walks the exports without Object.entries pairs', () => {
    expect(count(published, 'of Object.entries(e))')).toBeGreaterThan(count(served, 'of Object.entries(e))'));
    expect(served).toMatch(/mergeLibSymbols=\(e,t\)=>\{registerDynCallSymbols\(e\);for\(var r in e\)/);
  });

  it('converts the exports it wraps over the exports themselves, without copying every one', () => {
    const source = /function applySignatureConversions\(e\)\{.*?,e\}/.exec(served)?.[0];
    expect(source).toBeDefined();
    const convert = new Script(`(${source})`).runInNewContext() as (exports: Record<string, unknown>) => Record<string, unknown>;
    // The exports as relocateExports leaves them (a plain object): a pointer comes back signed, and thousands of
    // other symbols.
    const exports: Record<string, unknown> = { malloc: () => -16, memcpy: (a: number) => a, __errno_location: () => -4 };
    for (let i = 0; i < 5000; i++) exports[`symbol_${i}`] = i;
    const before = { ...exports };
    const converted = convert(exports);
    expect((converted.malloc as () => number)()).toBe(2 ** 32 - 16);
    expect((converted.__errno_location as () => number)()).toBe(2 ** 32 - 4);
    expect((converted.memcpy as (a: number) => number)(-1)).toBe(2 ** 32 - 1);
    expect(converted.symbol_4321).toBe(4321);
    // The exports themselves are left as they were: the dynamic linker keeps them for side modules.
    expect(exports).toEqual(before);
    expect(Object.keys(exports)).toEqual(Object.keys(before));
    // Not a copy of every symbol.
    expect(Object.keys(converted).length).toBeLessThan(100);
  });

  it('never walks the converted exports by their keys, which live on its prototype', () => {
    const at = served.indexOf('wasmExports=applySignatureConversions(wasmExports)');
    expect(at).toBeGreaterThanOrEqual(0);
    const after = served.slice(at);
    expect(after).not.toMatch(/(Object\.(keys|entries|values|assign|getOwnPropertyNames)\(|\{\.\.\.|\bin )wasmExports\b/);
    expect(after).not.toMatch(/hasOwnProperty\.call\(wasmExports|wasmExports\.hasOwnProperty/);
  });

  it('changes nothing else, and still parses as a script', () => {
    for (const { published: text, served: changed } of DUCKDB_WORKER_CHANGES) {
      expect(count(published, text)).toBe(1);
      expect(count(served, changed)).toBe(1);
    }
    const restored = DUCKDB_WORKER_CHANGES.reduce((text, change) => text.replace(change.served, change.published), served);
    expect(restored).toBe(published);
    expect(() => new Script(served)).not.toThrow();
  });

  it('refuses a script it was not written for, rather than serving it unpatched or patched twice', () => {
    expect(() => patchDuckDbWorker('self.onmessage = () => {}')).toThrow(/duckdb-wasm 1\.32/);
    expect(() => patchDuckDbWorker(served)).toThrow(/not found exactly once/);
  });
});
