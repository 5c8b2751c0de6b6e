/**
 * Small campaigns written by the tests themselves, with a fake four-city pack and a fake resolver, so pipeline
 * tests do not depend on the real gazetteer or resolver (they have their own tests).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Topology } from 'topojson-specification';
import type { City, Pack } from '../../geo/pack.ts';
import type { CityResolution, CityResolver } from '../../data-pipeline/resolve/city-resolver.ts';
import { runBuild, type BuildResult } from '../../data-pipeline/pipeline.ts';
import { Progress } from '../../data-pipeline/step-log.ts';

const city = (geonameId: number, name: string, regionCode: string, lat: number, lon: number): City => ({
  geonameId,
  name,
  nameEn: name,
  lat,
  lon,
  population: 100_000,
  regionCode,
  timezone: 'Europe/Moscow',
  alternates: []
});

export const PACK: Pack = {
  code: 'ru',
  country: 'RU',
  cities: [
    city(101, 'Москва', 'RU-MOW', 55.7522, 37.6156),
    city(102, 'Химки', 'RU-MOS', 55.8970, 37.4297), // ~20 km from Moscow: near
    city(103, 'Новосибирск', 'RU-NVS', 55.0415, 82.9346),
    city(104, 'Тула', 'RU-TUL', 54.1961, 37.6182) // ~173 km from Moscow: far
  ],
  regions: [
    { code: 'RU-MOW', admin1: '48', name: 'Moscow', nameLocal: 'Москва (город)', timezone: 'Europe/Moscow', population: 12_000_000 },
    { code: 'RU-MOS', admin1: '47', name: 'Moscow Oblast', nameLocal: 'Московская область', timezone: 'Europe/Moscow', population: 7_000_000 },
    { code: 'RU-NVS', admin1: '53', name: 'Novosibirsk Oblast', nameLocal: 'Новосибирская область', timezone: 'Asia/Novosibirsk', population: 2_700_000 },
    { code: 'RU-TUL', admin1: '76', name: 'Tula Oblast', nameLocal: 'Тульская область', timezone: 'Europe/Moscow', population: 1_500_000 }
  ],
  aliases: {},
  foreign: {},
  projection: { type: 'conicEqualArea', rotate: [-100, 0], parallels: [52, 64] }
};

export const SHAPES: Topology = { type: 'Topology', objects: { regions: { type: 'GeometryCollection', geometries: [] } }, arcs: [] };

/** Lower-cased spelling (before any comma, "г." prefix removed) → city index; "спрингфилд" is ambiguous. */
const KNOWN: Record<string, number> = { москва: 0, мск: 0, химки: 1, новосибирск: 2, нск: 2, тула: 3 };

export function fakeResolver(): CityResolver & { calls: number } {
  const r = {
    calls: 0,
    resolve(input: string): CityResolution {
      r.calls++;
      const key = input.split(',')[0].trim().toLowerCase().replace(/^г\.\s*/, '');
      const i = KNOWN[key];
      if (i !== undefined) {
        const c = PACK.cities[i];
        return { input, status: 'matched', geonameId: c.geonameId, city: c.name, region: c.regionCode, regionCode: c.regionCode, score: 1, candidates: [] };
      }
      if (key === 'спрингфилд') {
        return {
          input,
          status: 'ambiguous',
          geonameId: null,
          city: null,
          region: null,
          regionCode: null,
          score: 0.5,
          candidates: [
            { geonameId: 1, city: 'Спрингфилд', region: 'A', regionCode: 'US-IL', score: 0.5 },
            { geonameId: 2, city: 'Спрингфилд', region: 'B', regionCode: 'US-MO', score: 0.5 }
          ]
        };
      }
      return { input, status: 'unresolved', geonameId: null, city: null, region: null, regionCode: null, score: 0, candidates: [] };
    }
  };
  return r;
}

export const SITE_HEADER = 'id,created_at,first_name,last_name,phone,email,city,region,source,phone_confirmed_at,email_confirmed_at,questionnaire_at';

export const HQ_CSV = `id,name,city,region_code,lat,lon,opened,closed
hq-msk,Штаб Москва,Москва,RU-MOW,55.75,37.62,2023-01-01,
hq-nsk,Штаб Новосибирск,Новосибирск,RU-NVS,55.03,82.92,2023-01-01,2024-03-01
`;

export const EVENTS_CSV = `id,time,title,kind,region_code,url
ev-1,2024-03-05T12:00:00+03:00,Video,video,,https://example.org/v
ev-2,2024-03-06T12:00:00+03:00,Rally,rally,RU-MOW,
`;

export const DELIVERIES_CSV = `time,channel,gateway,status
2024-03-05T14:00:00+03:00,sms,smsalpha,sent
2024-03-05T14:10:00+03:00,sms,smsalpha,delivered
2024-03-05T15:00:00+03:00,email,smtp,delivered
`;

export interface CampaignFiles {
  registrations?: string;
  extraSources?: unknown[];
  files?: Record<string, string | Buffer>;
  config?: Record<string, unknown>;
}

/** Writes a campaign folder; returns the config path. */
export function writeCampaign(files: CampaignFiles, dir = mkdtempSync(join(tmpdir(), 'tb-pipe-'))): string {
  writeFileSync(join(dir, 'registrations.csv'), files.registrations ?? `${SITE_HEADER}\n`);
  writeFileSync(join(dir, 'headquarters.csv'), HQ_CSV);
  writeFileSync(join(dir, 'events.csv'), EVENTS_CSV);
  writeFileSync(join(dir, 'deliveries.csv'), DELIVERIES_CSV);
  for (const [name, content] of Object.entries(files.files ?? {})) writeFileSync(join(dir, name), content);
  const config = {
    name: 'Test campaign',
    pack: 'ru',
    timeZone: 'Europe/Moscow',
    window: { start: '2024-01-01', end: '2024-12-31' },
    target: 100,
    totalCap: 200,
    regionCap: 10,
    regionCaps: { 'RU-MOW': 50 },
    nearKm: 50,
    output: 'out',
    sources: [{ kind: 'csv', name: 'site', path: 'registrations.csv' }, ...(files.extraSources ?? [])],
    headquarters: 'headquarters.csv',
    events: 'events.csv',
    deliveries: 'deliveries.csv',
    report: { to: ['ops@example.org'], dashboardUrl: 'https://dash.example.org/' },
    ...files.config
  };
  const path = join(dir, 'campaign.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export function cp1251(text: string): Buffer {
  return iconv.encode(text, 'windows-1251');
}

export async function build(config: string, extra: { out?: string; work?: string; force?: boolean; reader?: 'duckdb' | 'typescript' } = {}): Promise<BuildResult & { log: string[] }> {
  const log: string[] = [];
  const result = await runBuild({ config, out: extra.out, work: extra.work, force: extra.force, reader: extra.reader, pack: PACK, shapes: SHAPES, resolver: fakeResolver(), progress: new Progress({ out: (l) => log.push(l), live: false }) });
  return { ...result, log };
}

/** Parses a small CSV written by the pipeline (rejects, unresolved cities) into objects. */
export async function readCsvObjects(path: string): Promise<Array<Record<string, string>>> {
  const { CsvTokenizer } = await import('../../data-pipeline/sources/csv/tokenizer.ts');
  const rows: string[][] = [];
  const t = new CsvTokenizer(',');
  t.push(readFileSync(path, 'utf8'), rows);
  t.end(rows);
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Every file below `dir` with its bytes (as latin1 text), by its path below `dir`: to compare two folders. */
export function folderBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) out[join(f.parentPath, f.name).slice(dir.length)] = readFileSync(join(f.parentPath, f.name), 'latin1');
  }
  return out;
}
