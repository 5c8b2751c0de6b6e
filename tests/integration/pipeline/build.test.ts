import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../shared/cube/dataset.ts';
import { STAGES, UNKNOWN_REGION } from '../../../shared/cube/format.ts';
import { ConfigError } from '../../../data-pipeline/config/load-config.ts';
import { computeReadiness } from '../../../shared/metrics/readiness.ts';
import { cubeRows } from '../../../shared/scan/cube-rows.ts';
import { regionalQuery } from '../../../shared/scan/regional-query.ts';
import { DEFAULT_FILTERS } from '../../../shared/scan/scan-engine.ts';
import { build, cp1251, HQ_CSV, readCsvObjects, SITE_HEADER, writeCampaign } from '../../support/pipeline-helpers.ts';

const ROWS = [
  // id, created_at, first, last, phone, email, city, region, source, phone_at, email_at, questionnaire_at
  'reg-a1f0,2024-03-05T14:23:11+03:00,Иннокентий,Смоктуновский,+79161110001,kesha.smok@mail.example,г. Москва,,site,2024-03-05T14:30:00+03:00,,2024-03-06T10:00:00+03:00',
  'reg-b2e1,2024-03-05T15:05:00+03:00,Аглая,Епанчина,+79161110002,aglaya.ep@mail.example,"Химки",Московская обл.,landing,,2024-03-05T16:00:00+03:00,',
  'reg-c3d2,2024-03-05T15:59:59+03:00,Парфён,Рогожин,+79161110003,parfen.rog@mail.example,нск,,site,2024-03-05T16:00:00+03:00,2024-03-05T16:10:00+03:00,2024-03-05T17:00:00+03:00',
  'reg-d4c3,2024-03-06T09:00:00+03:00,Лев,Мышкин,+79161110004,lev.myshkin@mail.example,Зюзюкинск-на-Болоте,Новосибирская обл.,site,,,',
  'reg-e5b4,2024-03-06T09:30:00+03:00,"Настасья ""Н""","Барашкова\nФилипповна",+79161110005,nastasya.b@mail.example,Спрингфилд,,site,2024-03-06T09:31:00+03:00,,',
  'reg-f6a5,2024-03-06T23:30:00+03:00,Ганя,Иволгин,+79161110006,ganya.iv@mail.example,,,site,,,',
  'reg-g7f6,2024-03-07T01:00:00Z,Варвара,Ардалионовна,+79161110007,varya.ard@mail.example,Тула,,vk,2024-03-07T02:00:00Z,2024-03-07T03:00:00Z,2024-03-07T04:00:00Z',
  // rejected rows, one per kind of error
  'reg-h8e7,not-a-date,Ипполит,Терентьев,+79161110008,ippolit.t@mail.example,Москва,,site,,,', // created_at
  'reg-i9d8,2024-03-05T10:00:00+03:00,Афанасий,Тоцкий,+79161110009,afanasy.t@mail.example,Москва,,site,2024-03-05T09:00:00+03:00,,', // phone before created
  'reg-j0c9,2024-03-05T10:00:00+03:00,Евгений,Радомский,+79161110010,evgeny.r@mail.example,Москва,,site,,yesterday,', // email not a timestamp
  ',2024-03-05T10:00:00+03:00,Аделаида,Епанчина,+79161110011,adelaida.e@mail.example,Москва,,site,,,', // missing id
  'reg-a1f0,2024-03-05T11:00:00+03:00,Иннокентий,Смоктуновский,+79161110001,kesha.smok@mail.example,Москва,,site,,,', // duplicate id
  'reg-k1b0,2024-03-05T10:00:00+03:00,Келлер,Поручик,+79161110012,keller.p@mail.example,Москва,,site', // column count
  'reg-l2a1,1999-12-31T10:00:00+03:00,Лукьян,Лебедев,+79161110013,lukyan.l@mail.example,Москва,,site,,,' // before 2000
];

const PARTNER = 'ID;Дата;ФИО;Телефон;Город;Статус\nptn-9001;05.03.2024 12:00;"Пётр\nПервый";+79990001122;Тула;ok\nptn-9002;05.03.2024 13:00;Спам Спамович;+79990001133;Тула;spam\nptn-9003;05.03.2024 14:00;Иван Иванов;+79990001144;мск;ok\n';
const PARTNER_SOURCE = {
  kind: 'csv',
  name: 'partner',
  path: 'partner.csv',
  profile: {
    encoding: 'windows-1251',
    delimiter: ';',
    columns: { id: 'ID', created_at: 'Дата', city: 'Город' },
    status: { column: 'Статус', keep: ['ok'], drop: ['spam'] },
    personal: ['ФИО', 'Телефон'],
    timeFormat: 'DD.MM.YYYY HH:mm'
  }
};

function campaign(files: Record<string, string> = {}): string {
  return writeCampaign({
    registrations: '\uFEFF' + [SITE_HEADER, ...ROWS].join('\r\n') + '\r\n',
    extraSources: [PARTNER_SOURCE],
    files: { 'partner.csv': cp1251(PARTNER), ...files }
  });
}

const reader = (dir: string) => async (path: string) => new Uint8Array(readFileSync(join(dir, path)));

describe('tallyboard build', () => {
  it('rejects each kind of bad row with the right row, field and reason, and reconciles the counts', async () => {
    const config = campaign();
    const r = await build(config);
    const rejects = await readCsvObjects(r.rejectsPath);
    const byRow = (file: string, row: number) => rejects.find((x) => x.file === file && x.row === String(row));
    expect(byRow('registrations.csv', 8)).toMatchObject({ field: 'created_at', reason: 'not a timestamp: "not-a-date"' });
    expect(byRow('registrations.csv', 9)).toMatchObject({ field: 'phone_confirmed_at', reason: 'before created_at' });
    expect(byRow('registrations.csv', 10)).toMatchObject({ field: 'email_confirmed_at', reason: 'not a timestamp: "yesterday"' });
    expect(byRow('registrations.csv', 11)).toMatchObject({ field: 'id', reason: 'missing value' });
    expect(byRow('registrations.csv', 12)).toMatchObject({ field: 'id', reason: 'duplicate id' });
    expect(byRow('registrations.csv', 13)).toMatchObject({ field: '(row)', reason: 'has 9 columns, the header has 12' });
    expect(byRow('registrations.csv', 14)).toMatchObject({ field: 'created_at' });
    expect(byRow('partner.csv', 2)).toMatchObject({ field: 'status', reason: 'status "spam" is dropped by the profile' });
    expect(r.deliveries).toEqual({ read: 3, accepted: 3, rejected: 0 });
    // raw keeps the row for the operator, with personal columns blanked
    expect(byRow('registrations.csv', 8)!.raw).toBe('reg-h8e7,not-a-date,,,,,Москва,,site,,,');
    const registrationRejects = rejects.filter((x) => x.file !== 'deliveries.csv');
    expect(registrationRejects).toHaveLength(8);

    const m = r.manifest;
    expect(m.counts).toEqual({ read: ROWS.length + 3, accepted: 7 + 2, rejected: 8 });
    expect(m.counts.read).toBe(m.counts.accepted + m.counts.rejected);
    expect(m.totals.registrations.registered).toBe(m.counts.accepted);
    expect(r.log.some((l) => l.includes(`read ${ROWS.length + 3} = accepted 9 + rejected 8`))).toBe(true);
  });

  it('pairs each class at registration with the class under the network as of the window end', async () => {
    // Tula gets a headquarters after its two supporters registered (5 and 7 March).
    const r = await build(campaign({ 'headquarters.csv': `${HQ_CSV}hq-tul,Штаб Тула,Тула,RU-TUL,54.19,37.62,2024-03-10,\n` }));
    const ds = await loadDataset(reader(r.outDir));
    const { manifest } = ds;
    expect(manifest.campaign.networkAsOf).toBe('2024-12-31T20:59:59.999Z');
    const codes = new Map<string, number>();
    const tula = manifest.dimensions.region.indexOf('RU-TUL');
    for (let i = 0; i < ds.registrations.rows; i++) {
      if (ds.registrations.columns.region[i] !== tula) continue;
      const code = manifest.dimensions.distance[ds.registrations.columns.distance[i]];
      codes.set(code, (codes.get(code) ?? 0) + ds.registrations.columns.registered[i]);
    }
    expect(Object.fromEntries(codes)).toEqual({ 'far>city': 2 });
    const row = computeReadiness(ds, regionalQuery(cubeRows(ds), manifest, DEFAULT_FILTERS)).find((x) => x.code === 'RU-TUL');
    // The site's Тула supporter is a future signature; the partner's has no stage data.
    expect(row).toMatchObject({ available: 1, headquarters: 1 });
  });

  it('publishes a set that loadDataset reads, with totals equal to sums computed from the raw rows', async () => {
    const config = campaign();
    const r = await build(config);
    const ds = await loadDataset(reader(r.outDir));
    // Independent sums over the accepted raw rows (the first 7 site rows + partner rows 1 and 3).
    const accepted = ROWS.slice(0, 7).map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')));
    const reached = (col: number) => accepted.filter((c) => c[col] !== '').length;
    const both = accepted.filter((c) => c[9] !== '' && c[11] !== '').length;
    expect(ds.manifest.totals.registrations).toEqual({ registered: 9, phone: reached(9), email: reached(10), questionnaire: reached(11), future: both });
    expect(ds.manifest.totals.deliveries).toBe(3);
    // Regions and distance classes, row by row.
    const d = ds.manifest.dimensions;
    // A distance value is "then>now" when the class changed since registration: the class then is before the '>'.
    const valueOf = (dim: 'region' | 'distance' | 'source', k: number): string => (dim === 'distance' ? d.distance[k].split('>')[0] : d[dim][k]);
    const sumBy = (dim: 'region' | 'distance' | 'source', value: string) => {
      let s = 0;
      for (let i = 0; i < ds.registrations.rows; i++) if (valueOf(dim, ds.registrations.columns[dim][i]) === value) s += ds.registrations.columns.registered[i];
      return s;
    };
    expect(sumBy('region', 'RU-MOW')).toBe(2); // г. Москва, мск (partner)
    expect(sumBy('region', 'RU-MOS')).toBe(1);
    expect(sumBy('region', 'RU-NVS')).toBe(2); // нск, and Зюзюкинск by its region column
    expect(sumBy('region', 'RU-TUL')).toBe(2); // Тула (site) + Тула (partner)
    expect(sumBy('region', UNKNOWN_REGION)).toBe(2); // ambiguous, empty: accepted, counted as unknown
    expect(sumBy('distance', 'city')).toBe(2);
    expect(sumBy('distance', 'near')).toBe(1);
    expect(sumBy('distance', 'far')).toBe(3); // Новосибирск's HQ had closed: nearest open is Moscow; Тула ×2
    expect(sumBy('distance', 'unknown')).toBe(3);
    expect(sumBy('source', 'partner')).toBe(2);
    expect(sumBy('source', 'vk')).toBe(1);
    // Hours: registration hour, cohort semantics.
    const first = Math.floor(Date.parse('2024-03-05T12:00:00+03:00') / 3_600_000);
    expect(ds.manifest.hours.first).toBe(first);
    expect(ds.regions.find((x) => x.code === 'RU-MOW')!.cap).toBe(50);
    expect(ds.regions.find((x) => x.code === 'RU-TUL')!.cap).toBe(10);
    // Counts only: the spelling itself stays in the work folder's unresolved-cities.csv.
    expect(ds.regions.map((x) => [x.code, x.unresolved])).toEqual([
      ['RU-MOW', { rows: 0, spellings: 0 }],
      ['RU-MOS', { rows: 0, spellings: 0 }],
      ['RU-NVS', { rows: 1, spellings: 1 }],
      ['RU-TUL', { rows: 0, spellings: 0 }]
    ]);
    expect(ds.regions).toHaveLength(4);
    expect(ds.headquarters.map((h) => h.id)).toEqual(['hq-msk', 'hq-nsk']);
    expect(ds.events).toHaveLength(2);
    expect(ds.manifest.campaign.dashboardUrl).toBe('https://dash.example.org/');
    expect(ds.manifest.campaign.projection).toEqual({ type: 'conicEqualArea', rotate: [-100, 0], parallels: [52, 64] });
    expect(ds.manifest.cities).toMatchObject({ matched: 5, ambiguous: 1, unresolved: 1 });
    const unresolved = await readCsvObjects(r.unresolvedPath);
    expect(unresolved.map((u) => [u.spelling, u.status])).toEqual([
      ['Зюзюкинск-на-Болоте, Новосибирская обл.', 'unresolved'],
      ['Спрингфилд', 'ambiguous']
    ]);
    expect(unresolved[1].candidates).toBe('Спрингфилд (US-IL) | Спрингфилд (US-MO)');
  });

  it('publishes no personal data: no names, phones, e-mails, ids or raw city strings in any byte', async () => {
    const config = campaign();
    const r = await build(config);
    const raw = readFileSync(join(dirname(config), 'registrations.csv'), 'utf8') + '\n' + PARTNER;
    const cells = new Set<string>();
    for (const line of raw.split(/\r?\n/)) for (const c of line.split(/[,;]/)) cells.add(c.replace(/^"|"$/g, '').trim());
    const secrets = [...cells].filter(
      (c) =>
        /@|^\+7\d+$|^reg-|^ptn-/.test(c) || // e-mails, phones, ids
        /^[А-ЯЁ][а-яё]+$/.test(c) || // names (and plain city names, checked below against the pack's own names)
        /^г\. |^нск$|^мск$|Зюзюкинск|Спрингфилд/.test(c) // raw city spellings
    );
    const canonical = new Set(['Москва', 'Химки', 'Тула', 'Новосибирск', 'Video', 'Rally']); // published on purpose: pack names, HQ cities
    const check = secrets.filter((s) => !canonical.has(s) && s.length >= 3);
    expect(check.length).toBeGreaterThan(40);
    const files = readdirSync(r.outDir);
    expect(files.sort()).toEqual(['.tallyboard-published', 'cities.arrow', 'deliveries.tbc', 'events.json', 'headquarters.json', 'manifest.json', 'regions.json', 'registrations-daily.tbc', 'registrations.tbc', 'shapes.json']);
    for (const f of files) {
      const bytes = readFileSync(join(r.outDir, f));
      const texts = [bytes.toString('utf8'), bytes.toString('latin1')];
      if (f.endsWith('.tbc')) texts.push(gunzipSync(bytes).toString('utf8'), gunzipSync(bytes).toString('latin1'));
      for (const t of texts) for (const s of check) expect(t.includes(s), `${f} contains "${s}"`).toBe(false);
    }
  });

  it('fails with one line naming the file and the missing column, exit code 1', () => {
    const config = writeCampaign({ registrations: 'id,first_name,city\nreg-1,Иван,Москва\n' });
    const run = spawnSync(process.execPath, ['data-pipeline/bin/tallyboard.js', 'build', '--config', config], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('tallyboard build: registrations.csv: missing required column "created_at" (field created_at)');
  }, 60_000);

  it('names the file and JSON path of a bad config', async () => {
    const config = writeCampaign({ config: { nearKm: 'far', sources: [{ kind: 'csv', name: 'site' }] } });
    await expect(build(config)).rejects.toThrow(ConfigError);
    await expect(build(config)).rejects.toThrow(/campaign\.json: \/(nearKm: must be number|sources\/0: must have required property 'path')/);
    const missing = writeCampaign({ config: { events: 'nope.csv' } });
    await expect(build(missing)).rejects.toThrow(/nope\.csv: file not found/);
    const noStatus = writeCampaign({ registrations: [SITE_HEADER, ...ROWS.slice(0, 3)].join('\n'), files: { 'deliveries.csv': 'time,channel,gateway\n2024-03-05T14:00:00+03:00,sms,a\n' } });
    await expect(build(noStatus)).rejects.toThrow('deliveries.csv: missing required column "status"');
  });

  it('swaps the published folder atomically: a failed build leaves the old set', async () => {
    const config = campaign();
    const first = await build(config);
    const manifestBefore = readFileSync(join(first.outDir, 'manifest.json'), 'utf8');
    // Break the registrations file mid-way: an unclosed quote is fatal after rows were already streamed.
    writeFileSync(join(dirname(config), 'registrations.csv'), [SITE_HEADER, ...ROWS.slice(0, 5), 'reg-zz,"2024-03-05T10:00:00+03:00,x'].join('\n'));
    await expect(build(config)).rejects.toThrow(/registrations\.csv: unclosed quote/);
    expect(readFileSync(join(first.outDir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    await loadDataset(reader(first.outDir));
    const leftovers = readdirSync(dirname(first.outDir)).filter((f) => /\.(tmp|old)-/.test(f));
    expect(leftovers).toEqual([]);
    expect(existsSync(join(dirname(config), '.tallyboard', `duckdb-read-${process.pid}`))).toBe(false);
    // And a good build replaces it (forced: it keeps 3 of the rows, which the accepted-count gate would hold back).
    writeFileSync(join(dirname(config), 'registrations.csv'), [SITE_HEADER, ...ROWS.slice(0, 3)].join('\n'));
    const second = await build(config, { force: true });
    expect(second.manifest.counts.read).toBe(3 + 3);
    expect((await loadDataset(reader(second.outDir))).manifest.counts.accepted).toBe(3 + 2);
  });
});
