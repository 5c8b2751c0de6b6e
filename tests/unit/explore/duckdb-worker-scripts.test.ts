import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { patchDuckDbWorker } from '../../../data-pipeline/site/duckdb-worker-scripts.ts';

const published = readFileSync(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
const updateGot = (script: string) => /updateGOT=\(e,t\)=>\{.*?\},relocateExports=/.exec(script)?.[0] ?? '';

describe('DuckDB-WASM worker script as served', () => {
  it('updates the Global Offset Table entries that exist and makes no others', () => {
    const patched = patchDuckDbWorker(published);
    expect(updateGot(published)).toContain('new WebAssembly.Global');
    expect(updateGot(patched)).not.toContain('new WebAssembly.Global');
    expect(updateGot(patched)).toContain('GOT[r]&&(t||GOT[r].value==0)&&');
    // Nothing else changed, and it still parses as a script.
    expect(patched.length - published.length).toBe(updateGot(patched).length - updateGot(published).length);
    expect(patched.replace(updateGot(patched), '')).toBe(published.replace(updateGot(published), ''));
    expect(() => new Script(patched)).not.toThrow();
  });

  it('refuses a script it was not written for, rather than serving it unpatched or patched twice', () => {
    expect(() => patchDuckDbWorker('self.onmessage = () => {}')).toThrow(/duckdb-wasm 1\.32/);
    expect(() => patchDuckDbWorker(patchDuckDbWorker(published))).toThrow(/not found exactly once/);
  });
});
