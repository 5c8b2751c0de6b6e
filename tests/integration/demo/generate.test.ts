import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../data-pipeline/config/load-config.ts';
import type { CampaignConfig, SourceProfile } from '../../../data-pipeline/config/campaign.ts';
import { demoCommand } from '../../../data-pipeline/cli/demo.ts';
import { generateDemo, type DemoResult } from '../../../data-pipeline/demo/generate.ts';
import { REGISTRATION_HEADER } from '../../../data-pipeline/demo/registrations.ts';
import { EVENTS_HEADER, HEADQUARTERS_HEADER } from '../../../data-pipeline/demo/write-campaign.ts';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, EVENT_KINDS } from '../../../shared/cube/format.ts';

const N = 20_000;
const FILES = ['registrations.csv', 'partner.csv', 'deliveries.csv', 'headquarters.csv', 'events.csv', 'campaign.json'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
let root: string;
let a: string;
let result: DemoResult;

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const rows = (file: string, delimiter = ',', encoding = 'utf8'): string[][] =>
  parse(iconv.decode(readFileSync(file), encoding), { delimiter, relax_column_count: true, bom: true }) as string[][];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tallyboard-demo-'));
  a = join(root, 'a');
  result = await generateDemo({ pack: 'ru', registrations: N, seed: 's1', out: a });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tallyboard demo (ru, small)', () => {
  it('is deterministic for a seed and differs for another', async () => {
    const b = join(root, 'b');
    const c = join(root, 'c');
    await generateDemo({ pack: 'ru', registrations: N, seed: 's1', out: b });
    await generateDemo({ pack: 'ru', registrations: N, seed: 's2', out: c });
    for (const f of FILES) expect(sha(join(b, f)), f).toBe(sha(join(a, f)));
    expect(sha(join(c, 'registrations.csv'))).not.toBe(sha(join(a, 'registrations.csv')));
  });

  it('writes a campaign.json that matches the schema and points at existing files', () => {
    const raw = JSON.parse(readFileSync(join(a, 'campaign.json'), 'utf8')) as unknown;
    const config: CampaignConfig = validateConfig(raw, 'campaign.json');
    expect(config.pack).toBe('ru');
    expect(config.timeZone).toBe('Europe/Moscow');
    expect(config.regionCap).toBe(7500);
    expect(config.totalCap).toBe(315_000);
    expect(config.output).toBeUndefined();
    expect(config.report?.to).toEqual(['hq@example.org']);
    const paths = [config.headquarters!, config.events as string, config.deliveries!, ...config.sources.map((s) => (s.kind === 'csv' ? s.path : ''))];
    for (const p of paths) expect(existsSync(join(a, p)), p).toBe(true);
  });

  it('writes registrations.csv with the declared columns, funnel rates and broken rows', () => {
    const [header, ...data] = rows(join(a, 'registrations.csv'));
    expect(header.join(',')).toBe(REGISTRATION_HEADER);
    const bad = result.stats.bad;
    const wrongCount = data.filter((r) => r.length !== 12);
    expect(wrongCount.length).toBe(bad['column-count']);
    expect(bad['column-count']).toBeGreaterThan(0);
    const good = data.filter((r) => r.length === 12);
    expect(good.filter((r) => r[1] === '').length).toBe(bad['missing-created']);
    expect(good.filter((r) => r[1] !== '' && !ISO.test(r[1])).length).toBeGreaterThan(0);
    const ids = good.map((r) => r[0]);
    expect(ids.length - new Set(ids).size).toBe(bad['duplicate-id']);
    expect(data.length).toBe(result.stats.site);
    const n = good.length;
    const share = (f: (r: string[]) => boolean): number => good.filter(f).length / n;
    expect(share((r) => r[9] !== '')).toBeGreaterThan(0.66);
    expect(share((r) => r[9] !== '')).toBeLessThan(0.74);
    expect(Math.abs(share((r) => r[10] !== '') - 0.55)).toBeLessThan(0.04);
    expect(Math.abs(share((r) => r[11] !== '') - 0.4)).toBeLessThan(0.04);
    // Questionnaire mostly among phone-confirmed: "future signatures" is most of the questionnaires.
    expect(share((r) => r[11] !== '' && r[9] !== '') / share((r) => r[11] !== '')).toBeGreaterThan(0.85);
    let before = 0;
    let notIso = 0;
    for (const r of good) {
      if (!ISO.test(r[1])) continue;
      const created = Date.parse(r[1]);
      for (const i of [9, 10, 11]) {
        if (r[i] === '') continue;
        if (!ISO.test(r[i])) notIso++;
        if (Date.parse(r[i]) < created) before++;
      }
    }
    expect(notIso).toBe(0);
    expect(before).toBe(bad['stage-before-created']);
    expect(new Set(good.map((r) => r[8]))).toEqual(new Set(['site', 'landing', 'mobile']));
    expect(share((r) => r[6] === '')).toBeLessThan(0.02);
    expect(share((r) => r[6] === 'Москва')).toBeGreaterThan(0.1);
    expect(good.every((r) => r[4].startsWith('+') && r[5].includes('@'))).toBe(true);
  });

  it('writes the partner export in Windows-1251 with ";" and the profile’s columns', () => {
    const config = JSON.parse(readFileSync(join(a, 'campaign.json'), 'utf8')) as CampaignConfig;
    const source = config.sources.find((s) => s.name === 'partner')!;
    expect(source.kind).toBe('csv');
    const profile = (source as { profile: SourceProfile }).profile;
    expect(profile.encoding).toBe('windows-1251');
    const [header, ...data] = rows(join(a, 'partner.csv'), ';', 'windows-1251');
    for (const col of [...Object.values(profile.columns), profile.status!.column, ...profile.personal]) expect(header).toContain(col);
    expect(data.every((r) => r.length === header.length)).toBe(true);
    const share = data.length / (data.length + result.stats.site);
    expect(share).toBeGreaterThan(0.015);
    expect(share).toBeLessThan(0.04);
    const status = header.indexOf(profile.status!.column);
    const statuses = new Set(data.map((r) => r[status]));
    for (const s of statuses) expect([...profile.status!.keep, ...profile.status!.drop]).toContain(s);
    const time = header.indexOf(profile.columns.created_at!);
    expect(data.every((r) => /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/.test(r[time]))).toBe(true);
    expect(data.some((r) => /[а-я]/.test(r[header.indexOf(profile.columns.city!)]))).toBe(true);
  });

  it('writes headquarters, events and deliveries with their declared columns', () => {
    const [hh, ...hq] = rows(join(a, 'headquarters.csv'));
    expect(hh.join(',')).toBe(HEADQUARTERS_HEADER);
    expect(hq.length).toBeGreaterThanOrEqual(70);
    for (const r of hq) {
      expect(r).toHaveLength(8);
      expect(r[3]).toMatch(/^RU-[A-Z]{2,3}$/);
      expect(Number.isFinite(Number(r[4])) && Number.isFinite(Number(r[5]))).toBe(true);
      expect(r[6]).toMatch(ISO);
      if (r[7]) expect(Date.parse(r[7])).toBeGreaterThan(Date.parse(r[6]));
    }
    const [eh, ...ev] = rows(join(a, 'events.csv'));
    expect(eh.join(',')).toBe(EVENTS_HEADER);
    expect(ev.length).toBeGreaterThanOrEqual(100);
    for (const r of ev) {
      expect(r).toHaveLength(6);
      expect(r[1]).toMatch(ISO);
      expect(EVENT_KINDS).toContain(r[3]);
    }
    const [dh, ...dl] = rows(join(a, 'deliveries.csv'));
    expect(dh.join(',')).toBe('time,channel,gateway,status');
    const gateways = new Set<string>();
    const wrong: string[][] = [];
    let unordered = 0;
    for (let i = 0; i < dl.length; i++) {
      const r = dl[i];
      const ok = r.length === 4 && ISO.test(r[0]) && (DELIVERY_CHANNELS as readonly string[]).includes(r[1]) && (DELIVERY_STATUSES as readonly string[]).includes(r[3]);
      if (!ok) wrong.push(r);
      gateways.add(`${r[1]}:${r[2]}`);
      if (i > 0 && Date.parse(r[0]) < Date.parse(dl[i - 1][0])) unordered++;
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(unordered).toBe(0);
    expect([...gateways].sort()).toEqual(['email:smtp', 'sms:sms-a', 'sms:sms-b', 'sms:sms-c']);
    // About two messages per site registration: an SMS attempt or more, and a confirmation e-mail.
    expect(dl.length / result.stats.site).toBeGreaterThan(1.8);
    expect(dl.length / result.stats.site).toBeLessThan(2.3);
  });

  it('exits 2 with a message on bad flags', async () => {
    expect(await demoCommand(['--pack', 'fr', '--out', root])).toBe(2);
    expect(await demoCommand(['--registrations', 'many', '--out', root])).toBe(2);
    expect(await demoCommand(['--pack', 'ru'])).toBe(2);
    expect(await demoCommand(['--out', root, '--colour', 'red'])).toBe(2);
  });
});
