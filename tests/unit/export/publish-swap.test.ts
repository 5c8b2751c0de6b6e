import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverInterruptedPublish, stagingFolder, swapIntoPlace } from '../../../data-pipeline/export/publish-swap.ts';
import { PUBLISH_MARKER } from '../../../data-pipeline/export/publish-target.ts';

const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

function publishedWith(dir: string, text: string): void {
  const staged = stagingFolder(dir);
  writeFileSync(join(staged, 'manifest.json'), text);
  swapIntoPlace(staged, dir, '2024-01-01T00:00:00Z');
}

describe('publish swap', () => {
  it('replaces the folder whole and marks it as published', () => {
    const root = mkdtempSync(join(tmpdir(), 'tb-swap-'));
    const out = join(root, 'data');
    publishedWith(out, 'one');
    publishedWith(out, 'two');
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('two');
    expect(existsSync(join(out, PUBLISH_MARKER))).toBe(true);
    expect(readdirSync(root)).toEqual(['data']);
  });

  it('after a crash between the two renames, restores the old set; stale staging folders are removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'tb-swap-'));
    const out = join(root, 'data');
    const pid = deadPid();
    mkdirSync(join(root, `data.old-${pid}`));
    writeFileSync(join(root, `data.old-${pid}`, 'manifest.json'), 'good');
    mkdirSync(join(root, `data.tmp-${pid}`));
    const done = recoverInterruptedPublish(out);
    expect(done.join('\n')).toMatch(/restored .*data from data\.old-/);
    expect(done.join('\n')).toMatch(/removed data\.tmp-/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('good');
    expect(readdirSync(root)).toEqual(['data']);
  });

  it('leaves the folders of a live publish and of other targets alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'tb-swap-'));
    mkdirSync(join(root, `data.tmp-${process.pid}`));
    mkdirSync(join(root, `other.tmp-${deadPid()}`));
    expect(recoverInterruptedPublish(join(root, 'data'))).toEqual([]);
    const left = readdirSync(root);
    expect(left).toContain(`data.tmp-${process.pid}`);
    expect(left.filter((f) => f.startsWith('other.tmp-'))).toHaveLength(1);
  });
});
