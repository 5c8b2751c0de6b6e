/**
 * `tallyboard watch` as an operator runs it: the real CLI in a child process, every 2 s over a small campaign.
 * The exports grow between runs (the next line counts the new rows), one run fails (its line says why and the
 * last good publish stays), and SIGTERM stops it cleanly after the run in progress.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_HEADER, writeCampaign } from '../../support/pipeline-helpers.ts';

const row = (id: string, hour: number): string => `${id},2024-03-05T${String(hour).padStart(2, '0')}:00:00+03:00,Анна,Петрова,+79000000000,a@example.org,Москва,,site,,,\n`;

describe('tallyboard watch', () => {
  it('builds on schedule, one line per run, keeps the last good publish on failure, stops on SIGTERM', async () => {
    const config = writeCampaign({ registrations: SITE_HEADER + '\n' + row('r1', 10) + row('r2', 11) + row('r3', 12) });
    const dir = dirname(config);
    const child = spawn(process.execPath, ['data-pipeline/bin/tallyboard.js', 'watch', '--config', config, '--every', '2s'], { cwd: process.cwd() });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.on('close', () => reject(new Error(`watch exited early: ${stderr}`)));
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        for (const line of parts) {
          lines.push(line);
          // What the operator does between runs: new rows arrive, then the export goes missing.
          if (lines.length === 1) appendFileSync(join(dir, 'registrations.csv'), row('r4', 13) + row('r5', 14));
          if (lines.length === 2) renameSync(join(dir, 'registrations.csv'), join(dir, 'registrations.moved'));
          if (lines.length === 3) {
            child.kill('SIGTERM');
            resolve();
          }
        }
      });
    });
    expect(await exited).toBe(0);
    expect(lines[0]).toMatch(/^\S+Z run 1: built in [\d.]+ s: read 3 = accepted 3 \+ rejected 0, \d+ cube rows, 3 messages; published to .*out; alerts: 0 active, 0 started, 0 ended$/);
    expect(lines[1]).toMatch(/ run 2: built in .*read 5 = accepted 5 \+ rejected 0/);
    expect(lines[2]).toMatch(/ run 3: FAILED after [\d.]+ s: .*registrations\.csv.*; the last good publish stays in .*out$/);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { counts: { accepted: number } };
    expect(manifest.counts.accepted).toBe(5);
    expect(stderr).toContain('alerts are checked but not mailed');
    expect(stderr).toContain('SIGTERM: stopping after the current run');
    expect(stderr).toContain('stopped after 3 run(s)');
  }, 180_000);
});
