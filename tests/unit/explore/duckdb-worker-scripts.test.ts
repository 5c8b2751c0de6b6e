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
