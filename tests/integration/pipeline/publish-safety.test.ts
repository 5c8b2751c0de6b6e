/**
 * What a build may replace and when it publishes (issue "Never lose data…"): a wrong --out never deletes anything,
 * a failing or held-back build leaves the previous publish and its private files exactly as they were, and two
 * builds into one folder cannot race.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../../data-pipeline/run-lock.ts';
import { build, cp1251, folderBytes as snapshot, SITE_HEADER, writeCampaign } from '../../support/pipeline-helpers.ts';

/** n registrations in Moscow and Tula, one an hour, with every personal column filled. */
function rows(n: number, city = 'Москва'): string {
  const out = [SITE_HEADER];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.UTC(2024, 2, 5, 9) + i * 3_600_000).toISOString();
    out.push(`reg-${i},${t},Имя${i},Фамилия,+7916${String(i).padStart(7, '0')},p${i}@mail.example,${i % 3 ? city : 'Тула'},,site,,,`);
  }
  return out.join('\n') + '\n';
}

const cli = (...args: string[]) => spawnSync(process.execPath, ['data-pipeline/bin/tallyboard.js', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('publishing safely', () => {
  it('refuses an --out that would replace the campaign folder, the work folder or a folder it did not publish (exit 2, nothing touched)', () => {
    const config = writeCampaign({ registrations: rows(20) });
    const dir = dirname(config);
    writeFileSync(join(dir, 'notes.txt'), 'unrelated');
    const before = snapshot(dir);
    for (const [out, why] of [
      [dir, /holds the campaign config/],
      [dirname(dir), /holds the campaign config/],
      [join(dir, '.tallyboard'), /work folder/],
      ['/', /file system root/]
    ] as const) {
      const run = cli('build', '--config', config, '--out', out);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(why);
    }
    const other = join(dirname(dir), `${Date.now()}-someone-elses`);
    mkdirSync(other);
    writeFileSync(join(other, 'thesis.docx'), 'precious');
    expect(cli('build', '--config', config, '--out', other).stderr).toMatch(/did not publish/);
    expect(readFileSync(join(other, 'thesis.docx'), 'utf8')).toBe('precious');
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('holds back a header-only export over a good publish; the publish and its rejects stay as they were; --force publishes', async () => {
    const config = writeCampaign({ registrations: rows(40) });
    const dir = dirname(config);
    const first = await build(config);
    const published = snapshot(first.outDir);
    const privateBefore = snapshot(join(dir, '.tallyboard'));
    writeFileSync(join(dir, 'registrations.csv'), `${SITE_HEADER}\n`);
    await expect(build(config)).rejects.toThrow(/not published: accepted registrations fell from 40 to 0.*previous publish .* is unchanged/);
    expect(snapshot(first.outDir)).toEqual(published);
    expect(snapshot(join(dir, '.tallyboard'))).toEqual(privateBefore);
    expect(readdirSync(dirname(first.outDir)).filter((f) => /\.(tmp|old)-|\.lock$/.test(f))).toEqual([]);
    const forced = await build(config, { force: true });
    expect(forced.manifest.counts.accepted).toBe(0);
    expect(forced.log.join('\n')).toMatch(/published anyway, --force/);
  });

  it('holds back a Windows-1251 file read as UTF-8 (few cities recognised), even as a first publish', async () => {
    const config = writeCampaign({ registrations: cp1251(rows(300)) as unknown as string });
    await expect(build(config)).rejects.toThrow(/recognised city.*encoding/);
    expect(existsSync(join(dirname(config), 'out'))).toBe(false);
  });

  it('a fatal error mid-read leaves the previous rejects.csv and unresolved-cities.csv, complete and matching the publish', async () => {
    const config = writeCampaign({ registrations: rows(30) + 'bad,row\n' });
    const dir = dirname(config);
    const first = await build(config);
    const rejects = readFileSync(join(dir, '.tallyboard', 'rejects.csv'), 'utf8');
    expect(rejects.trim().split('\n')).toHaveLength(1 + first.manifest.counts.rejected);
    writeFileSync(join(dir, 'registrations.csv'), rows(30) + 'x,"unclosed\n');
    await expect(build(config)).rejects.toThrow(/unclosed quote/);
    expect(readFileSync(join(dir, '.tallyboard', 'rejects.csv'), 'utf8')).toBe(rejects);
    expect(readdirSync(join(dir, '.tallyboard')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a fatal error in the registrations, with the delivery log summed beside them failing too, fails the build with the registrations\' error, leaving no unhandled rejection and no DuckDB folder', async () => {
    // A log that fails too (no status column), after the registrations' first rows start it: the build reports
    // the registrations' error, and the log's, which nothing awaits then, does not surface as unhandled.
    const log = ['time,channel,gateway', '2024-03-05T10:00:00+03:00,sms,gw1'];
    const config = writeCampaign({ registrations: rows(30) + 'x,"unclosed\n', files: { 'deliveries.csv': log.join('\n') + '\n' } });
    const dir = dirname(config);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(build(config)).rejects.toThrow(/unclosed quote/);
      // The log's failure is handled though nothing awaits it, and its connection ends before the database closes.
      await new Promise((r) => setTimeout(r, 200));
      expect(unhandled).toEqual([]);
      expect(readdirSync(join(dir, '.tallyboard')).filter((f) => f.startsWith('duckdb-read-'))).toEqual([]);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses a second build into the same folder while one runs, naming it', async () => {
    const config = writeCampaign({ registrations: rows(10) });
    const out = join(dirname(config), 'out');
    const lock = acquireRunLock(`${out}.lock`, 'build into out (the test)');
    try {
      const run = cli('build', '--config', config);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/another run holds .*out\.lock \(build into out \(the test\), pid \d+/);
    } finally {
      lock.release();
    }
    expect((await build(config)).manifest.counts.accepted).toBe(10);
  }, 120_000);

  it('publishes the public profile to its own folder (daily and regions only, no cell under 5), and never into the full set', async () => {
    const config = writeCampaign({ registrations: rows(40), config: { publicOutput: 'public' } });
    const r = await build(config);
    const profile = JSON.parse(readFileSync(join(dirname(config), 'public', 'profile.json'), 'utf8'));
    expect(profile.registered).toBe(r.manifest.counts.accepted);
    const counts = [profile.registered, ...profile.daily.map((d: { registered: number | null }) => d.registered), ...profile.regions.map((x: { registered: number | null }) => x.registered)];
    expect(counts.every((n) => n === null || n >= 5)).toBe(true);
    expect(counts).toContain(null);
    expect(readdirSync(join(dirname(config), 'public')).sort()).toEqual(['.tallyboard-published', 'profile.json']);
    const inside = writeCampaign({ registrations: rows(10), config: { publicOutput: 'out/public' } });
    await expect(build(inside)).rejects.toThrow(/overlaps .*out, which is published separately/);
  });

  it('rejects a row with a 10 MB field, naming its row, and reads on', async () => {
    const lines = rows(20).trimEnd().split('\n');
    lines.splice(6, 0, `reg-big,2024-03-05T10:00:00Z,A,B,+79160000000,big@mail.example,"${'Москва '.repeat(1_500_000)}",,site,,,`);
    const config = writeCampaign({ registrations: lines.join('\n') + '\n' });
    const r = await build(config);
    expect(r.manifest.counts).toEqual({ read: 21, accepted: 20, rejected: 1 });
    const rejects = readFileSync(join(dirname(config), '.tallyboard', 'rejects.csv'), 'utf8').split('\n');
    expect(rejects[1]).toMatch(/^registrations\.csv,6,\(row\),"longer than \d+ characters/);
  });
});
