/**
 * init on each sample layout → a config that the real pipeline builds, with the right columns mapped and every
 * personal column listed; check reports the counts the full build then publishes; no personal value in either
 * command's output.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CampaignConfig, SourceProfile } from '../../../data-pipeline/config/campaign.ts';
import { writeSampleExport, type SampleLayout } from '../../../data-pipeline/init/sample-exports.ts';
import { runBuild } from '../../../data-pipeline/pipeline.ts';
import { Progress } from '../../../data-pipeline/step-log.ts';
import { runCli } from '../../support/cli.ts';

const ROWS = 1500;
const dir = mkdtempSync(join(tmpdir(), 'tallyboard-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXPECTED: Record<SampleLayout, { pack: string; profile: Partial<SourceProfile>; personal: string[] }> = {
  actionnetwork: {
    pack: 'us',
    profile: { columns: { id: 'uuid', created_at: 'created_date', city: 'can2_user_city', region: 'can2_state_abbreviated', source: 'source_code' } },
    personal: ['first_name', 'last_name', 'email', 'zip_code', 'can2_user_address', 'can2_phone']
  },
  'ru-form': {
    pack: 'ru',
    profile: {
      encoding: 'windows-1251',
      delimiter: ';',
      timeFormat: 'DD.MM.YYYY HH:mm',
      columns: { id: 'Номер заявки', created_at: 'Дата регистрации', city: 'Город', region: 'Регион', source: 'Откуда узнали', phone_confirmed_at: 'Телефон подтверждён' }
    },
    personal: ['ФИО', 'Телефон', 'E-mail', 'Адрес', 'Индекс']
  },
  'utf16-sheet': {
    pack: 'us',
    profile: { encoding: 'utf-16le', delimiter: '\t', timeFormat: 'MM/DD/YYYY HH:mm', columns: { id: 'Signup ID', created_at: 'Signed up', city: 'City', region: 'State' } },
    personal: ['Full name', 'Email address', 'Mobile', 'ZIP']
  },
  'no-header': {
    pack: 'us',
    profile: { header: ['column_1', 'column_2', 'column_3', 'column_4', 'column_5', 'column_6'], columns: { id: 'column_1', created_at: 'column_2', city: 'column_4', region: 'column_5' } },
    personal: ['column_3', 'column_6']
  }
};

/** A personal value shows in `text`: digits-only values (postcodes) as a whole token, anything else as a substring. */
function leaked(text: string, values: Set<string>): string[] {
  const tokens = new Set(text.split(/[\s,;\t"()]+/));
  return [...values].filter((v) => (/^\d+$/.test(v) ? tokens.has(v) : text.includes(v)));
}

describe.each(Object.keys(EXPECTED) as SampleLayout[])('init and check on the %s layout', (layout) => {
  it('init maps the columns, lists every personal column, and the config builds with the counts check reports', async () => {
    const sample = writeSampleExport(layout, join(dir, layout), ROWS);
    const out = join(dir, layout, 'campaign');
    const init = await runCli(['init', '--from', sample.path, '--out', out]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'campaign.json'), 'utf8')) as CampaignConfig;
    const source = config.sources[0];
    expect(source.kind).toBe('csv');
    const profile = (source as { profile: SourceProfile }).profile;
    const want = EXPECTED[layout];
    expect(config.pack).toBe(want.pack);
    expect(profile).toMatchObject(want.profile);
    expect(profile.personal.sort()).toEqual([...want.personal].sort());
    expect(config.placeholders).toEqual(['/window', '/target', '/totalCap', '/regionCap']);

    const build = await runBuild({ config: join(out, 'campaign.json'), out: join(dir, layout, 'data'), work: join(dir, layout, 'work'), progress: new Progress({ out: () => undefined, live: false }) });
    const { read, accepted, rejected } = build.manifest.counts;
    expect(read).toBe(ROWS);
    expect(accepted).toBeGreaterThan(ROWS * 0.7);

    const check = await runCli(['check', '--config', join(out, 'campaign.json'), '--rows', String(ROWS)]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`read ${read.toLocaleString('en-US')} = accepted ${accepted.toLocaleString('en-US')} + rejected ${rejected.toLocaleString('en-US')}`);
    expect(check.stdout).toMatch(/cities: [\d,]+ of [\d,]+ rows matched/);
    expect(check.stdout).toContain('× created_at: missing value');

    expect(sample.personalValues.size).toBeGreaterThan(ROWS);
    expect(leaked(init.stdout + init.stderr, sample.personalValues)).toEqual([]);
    expect(leaked(check.stdout + check.stderr, sample.personalValues)).toEqual([]);
  });
});

describe('check on a config that cannot build', () => {
  it('names the problem and its fix and exits 1', async () => {
    const sample = writeSampleExport('ru-form', join(dir, 'broken'), 50);
    const out = join(dir, 'broken', 'campaign');
    expect((await runCli(['init', '--from', sample.path, '--out', out])).code).toBe(0);
    const path = join(out, 'campaign.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as CampaignConfig & { sources: Array<{ profile: SourceProfile }> };
    delete config.sources[0].profile.encoding;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, JSON.stringify(config));
    const check = await runCli(['check', '--config', path]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('PROBLEM');
    expect(check.stdout).toContain('"encoding": "windows-1251"');
    expect(leaked(check.stdout, sample.personalValues)).toEqual([]);
  });
});
