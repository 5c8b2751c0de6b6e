/** When the bin may run the compiled CLI (data-pipeline/bin/compiled-cli.js): never once a file it was made from changed. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { COMPILED_POINTER, freshCompiledEntry, type CompiledPointer } from '../../../data-pipeline/bin/compiled-cli.js';

describe('freshCompiledEntry', () => {
  let root: string;
  let compiled: string;
  const builtAt = Date.UTC(2026, 11, 1);
  const at = (ms: number) => new Date(ms);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tb-compiled-'));
    compiled = join(root, 'bin', 'compiled');
    mkdirSync(join(compiled, 'b1'), { recursive: true });
    mkdirSync(join(root, 'src'));
    for (const f of ['src/a.ts', 'src/b.ts']) {
      writeFileSync(join(root, f), 'export {};');
      utimesSync(join(root, f), at(builtAt - 60_000), at(builtAt - 60_000));
    }
    writeFileSync(join(compiled, 'b1', 'main.js'), '');
    const pointer: CompiledPointer = { entry: 'b1/main.js', builtAt, root: '../..', inputs: ['src/a.ts', 'src/b.ts'] };
    writeFileSync(join(compiled, COMPILED_POINTER), JSON.stringify(pointer));
  });

  it('names the entry while every input is older than the build', () => {
    expect(freshCompiledEntry(compiled)).toBe(pathToFileURL(join(compiled, 'b1', 'main.js')).href);
  });

  it('is null once an input is saved after the build began', () => {
    utimesSync(join(root, 'src/b.ts'), at(builtAt + 1), at(builtAt + 1));
    expect(freshCompiledEntry(compiled)).toBeNull();
  });

  it('is null when an input is gone, the entry is gone, or nothing was compiled', () => {
    rmSync(join(root, 'src/a.ts'));
    expect(freshCompiledEntry(compiled)).toBeNull();
    writeFileSync(join(root, 'src/a.ts'), '');
    utimesSync(join(root, 'src/a.ts'), at(builtAt - 1), at(builtAt - 1));
    expect(freshCompiledEntry(compiled)).not.toBeNull();
    rmSync(join(compiled, 'b1', 'main.js'));
    expect(freshCompiledEntry(compiled)).toBeNull();
    rmSync(join(compiled, COMPILED_POINTER));
    expect(freshCompiledEntry(compiled)).toBeNull();
  });
});
