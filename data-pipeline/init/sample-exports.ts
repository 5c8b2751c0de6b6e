/**
 * Exports as other systems write them, for trying `tallyboard init` and for its tests: an ActionNetwork-style
 * people export, a Russian form export (Windows-1251, ";"), a spreadsheet saved as UTF-16 text (tabs) and a file
 * without a header row. Each has personal columns, a few rows the pipeline must reject, and some city spellings
 * the gazetteer does not know. Deterministic for a seed.
 *
 *   node --import tsx data-pipeline/init/sample-exports.ts DIR   writes all four into DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { loadPack, type PackCode } from '../../geo/pack.ts';
import { csvLine } from '../../shared/csv/csv.ts';
import { ruPerson, usPerson, type Person } from '../demo/people.ts';
import { rngFor, type Rng } from '../demo/prng.ts';

export const SAMPLE_LAYOUTS = ['actionnetwork', 'ru-form', 'utf16-sheet', 'no-header'] as const;
export type SampleLayout = (typeof SAMPLE_LAYOUTS)[number];

export interface SampleExport {
  layout: SampleLayout;
  path: string;
  rows: number;
  /**
   * Every personal value written, none of which may ever show in init's or check's output — less those that are
   * also a non-personal value of the file (a first name "Austin" beside the city Austin).
   */
  personalValues: Set<string>;
}

interface Layout {
  file: string;
  pack: PackCode;
  header: string[] | null;
  delimiter: string;
  encode(text: string): Buffer;
  /** The cells of one row; `p` marks which are personal. */
  row(ctx: RowContext): Array<{ v: string; p?: true }>;
}

interface RowContext {
  rng: Rng;
  seq: number;
  person: Person;
  city: string;
  /** The region as the pack knows it: [ISO code, name in the pack's language]. */
  region: [string, string];
  postcode: string;
  ms: number;
  /** A row meant to be rejected: its registration time is missing. */
  broken: boolean;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const parts = (ms: number): number[] => {
  const d = new Date(ms);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
};
const isoLocal = (ms: number): string => {
  const [y, mo, d, h, mi, s] = parts(ms);
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
};
const dotted = (ms: number): string => {
  const [y, mo, d, h, mi] = parts(ms);
  return `${pad(d)}.${pad(mo)}.${y} ${pad(h)}:${pad(mi)}`;
};
const american = (ms: number): string => {
  const [y, mo, d, h, mi] = parts(ms);
  return `${pad(mo)}/${pad(d)}/${y} ${pad(h)}:${pad(mi)}`;
};
const hex = (rng: Rng, n: number): string => Array.from({ length: n }, () => rng.int(16).toString(16)).join('');
const uuid = (rng: Rng): string => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`;
const ruPhone = (p: string): string => `+7 (${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8, 10)}-${p.slice(10)}`;
const usPhone = (p: string): string => `(${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8)}`;
const personal = (v: string): { v: string; p: true } => ({ v, p: true });

const LAYOUTS: Record<SampleLayout, Layout> = {
  actionnetwork: {
    file: 'actionnetwork-people.csv',
    pack: 'us',
    header: ['uuid', 'first_name', 'last_name', 'email', 'zip_code', 'can2_user_address', 'can2_user_city', 'can2_state_abbreviated', 'can2_phone', 'can2_subscription_status', 'can2_sms_status', 'created_date', 'modified_date', 'source_code'],
    delimiter: ',',
    encode: (t) => Buffer.from(t, 'utf8'),
    row: ({ rng, person, city, region, postcode, ms, broken }) => [
      { v: uuid(rng) },
      personal(person.first),
      personal(person.last),
      personal(person.email),
      personal(postcode),
      personal(`${rng.range(1, 9999)} ${rng.pick(['Oak', 'Main', 'Maple', 'Cedar', 'Elm'])} St, Apt ${rng.range(1, 40)}`),
      { v: city },
      { v: region[0].slice(3) },
      personal(usPhone(person.phone)),
      { v: rng.chance(0.86) ? 'subscribed' : rng.chance(0.7) ? 'unsubscribed' : 'bouncing' },
      { v: rng.pick(['subscribed', 'unsubscribed', 'none']) },
      { v: broken ? '' : isoLocal(ms) },
      { v: isoLocal(ms + rng.range(0, 30) * 86_400_000) },
      { v: rng.chance(0.1) ? '' : rng.pick(['facebook', 'email', 'website', 'partner']) }
    ]
  },
  'ru-form': {
    file: 'anketa-1251.csv',
    pack: 'ru',
    header: ['Номер заявки', 'Дата регистрации', 'ФИО', 'Телефон', 'E-mail', 'Город', 'Регион', 'Адрес', 'Индекс', 'Откуда узнали', 'Статус', 'Телефон подтверждён'],
    delimiter: ';',
    encode: (t) => iconv.encode(t, 'windows-1251'),
    row: ({ rng, seq, person, city, region, postcode, ms, broken }) => [
      { v: String(500_000 + seq) },
      { v: broken ? '' : dotted(ms) },
      personal(`${person.last} ${person.first}`),
      personal(ruPhone(person.phone)),
      personal(person.email),
      { v: city },
      { v: region[1] },
      personal(`ул. ${rng.pick(['Ленина', 'Мира', 'Садовая', 'Гагарина'])}, д. ${rng.range(1, 120)}, кв. ${rng.range(1, 300)}`),
      personal(postcode),
      { v: rng.pick(['ВКонтакте', 'Telegram', 'Друзья', 'Сайт']) },
      { v: rng.chance(0.85) ? 'зарегистрирован' : rng.pick(['ожидает', 'отказ']) },
      { v: rng.chance(0.6) ? dotted(ms + rng.range(1, 600) * 60_000) : '' }
    ]
  },
  'utf16-sheet': {
    file: 'signups-utf16.txt',
    pack: 'us',
    header: ['Signup ID', 'Signed up', 'Full name', 'Email address', 'Mobile', 'City', 'State', 'ZIP', 'Status'],
    delimiter: '\t',
    encode: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
    row: ({ rng, seq, person, city, region, postcode, ms, broken }) => [
      { v: `S-${pad(seq, 6)}` },
      { v: broken ? '' : american(ms) },
      personal(`${person.first} ${person.last}`),
      personal(person.email),
      personal(usPhone(person.phone)),
      { v: city },
      { v: region[0] },
      personal(postcode),
      { v: rng.chance(0.9) ? 'Active' : 'Unsubscribed' }
    ]
  },
  'no-header': {
    file: 'registrations-no-header.csv',
    pack: 'us',
    header: null,
    delimiter: ',',
    encode: (t) => Buffer.from(t, 'utf8'),
    row: ({ seq, person, city, region, ms, broken }) => [
      { v: String(9_000_000 + seq) },
      { v: broken ? '' : new Date(ms + 5 * 3_600_000).toISOString() },
      personal(person.email),
      { v: city },
      { v: region[1] },
      personal(usPhone(person.phone))
    ]
  }
};

/** Places from the pack's biggest cities, a few spelt the way people type them, a few the gazetteer cannot know. */
function placesFor(code: PackCode): Array<{ city: string; region: [string, string]; postcode: string }> {
  const pack = loadPack(code);
  const regions = new Map(pack.regions.map((r) => [r.code, r.nameLocal]));
  const big = [...pack.cities].sort((a, b) => b.population - a.population).slice(0, 60);
  return big.map((c, i) => ({
    city: i % 11 === 5 ? c.name.toLowerCase() : i % 13 === 7 ? `${c.name}xq` : c.name,
    region: [c.regionCode, regions.get(c.regionCode) ?? c.regionCode],
    postcode: code === 'ru' ? String(100_000 + ((i * 7919) % 899_999)) : pad((10_000 + i * 1361) % 99_999, 5)
  }));
}

export function writeSampleExport(layout: SampleLayout, dir: string, rows = 3000, seed = 'tallyboard'): SampleExport {
  const l = LAYOUTS[layout];
  const rng = rngFor(seed, `sample-${layout}`);
  const places = placesFor(l.pack);
  const personalValues = new Set<string>();
  const otherValues = new Set<string>();
  const lines: string[] = l.header ? [csvLine(l.header, { delimiter: l.delimiter, formulaGuard: false })] : [];
  const start = Date.UTC(2024, 2, 1, 8);
  for (let seq = 1; seq <= rows; seq++) {
    const place = places[rng.int(places.length)];
    const cells = l.row({
      rng,
      seq,
      person: l.pack === 'ru' ? ruPerson(rng) : usPerson(rng),
      ...place,
      ms: start + Math.floor((seq / rows) * 30 * 86_400_000) + rng.int(3_600_000),
      broken: seq % 97 === 0
    });
    for (const c of cells) (c.p ? personalValues : otherValues).add(c.v);
    lines.push(csvLine(cells.map((c) => c.v), { delimiter: l.delimiter, formulaGuard: false }));
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, l.file);
  writeFileSync(path, l.encode(`${lines.join('\r\n')}\r\n`));
  for (const v of [...otherValues, '']) personalValues.delete(v);
  return { layout, path, rows, personalValues };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'samples');
  for (const layout of SAMPLE_LAYOUTS) process.stdout.write(`${writeSampleExport(layout, dir).path}\n`);
}
