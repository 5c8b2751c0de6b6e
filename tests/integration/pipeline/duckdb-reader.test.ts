/**
 * The DuckDB reader (cube/registrations-duckdb.ts) against the row-by-row TypeScript reader: the same campaign
 * built both ways must publish the same bytes (the manifest but for its generation time) and write the same
 * rejects — on hand-made edge cases, on random rows with random defects, and on a generated demo campaign.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../data-pipeline/demo/generate.ts';
import { runBuild } from '../../../data-pipeline/pipeline.ts';
import { MAX_ROW_CHARS } from '../../../data-pipeline/sources/csv/tokenizer.ts';
import { Progress } from '../../../data-pipeline/step-log.ts';
import { build, cp1251, SITE_HEADER, writeCampaign } from '../../support/pipeline-helpers.ts';

type Reader = 'duckdb' | 'typescript';

/** Names of the files that differ, for a readable failure (each is then compared in full). */
function differing(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => a[f] !== b[f]);
}

/** Every published file (the manifest without its generation time) and the private rejects, as text. */
function snapshot(out: string, work: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(out).sort()) {
    const bytes = readFileSync(join(out, f));
    // The manifest and the publish marker carry the generation time: everything else must match byte for byte.
    files[f] = f === 'manifest.json' || f === '.tallyboard-published' ? JSON.stringify({ ...JSON.parse(bytes.toString('utf8')), generatedAt: null }) : bytes.toString('base64');
  }
  files['rejects.csv'] = readFileSync(join(work, 'rejects.csv'), 'utf8');
  return files;
}

async function buildBoth(config: string): Promise<{ duckdb: Record<string, string>; typescript: Record<string, string>; log: string[] }> {
  const out: Partial<Record<Reader, Record<string, string>>> = {};
  let log: string[] = [];
  for (const reader of ['duckdb', 'typescript'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `tb-reader-${reader}-`));
    const r = await build(config, { out: join(dir, 'out'), work: join(dir, 'work'), reader });
    out[reader] = snapshot(r.outDir, r.workDir);
    if (reader === 'duckdb') log = r.log;
  }
  return { duckdb: out.duckdb!, typescript: out.typescript!, log };
}

const row = (cells: string[]): string => cells.join(',');

describe('DuckDB reader = TypeScript reader', () => {
  it('publishes the same bytes and rejects on hand-made edge cases', async () => {
    const t = '2024-03-05T10:00:00+03:00';
    const later = '2024-03-05T11:30:00+03:00';
    const lines = [
      '\ufeff' + SITE_HEADER,
      row(['1', t, 'Анна', 'И', '+7', 'a@x', 'Москва', '', 'site', later, '', '']),
      row(['2', t, '', '', '', '', '  Москва ', ' ', ' promo ', '', later, later]), // spaces around city, region, source
      row(['3', t, '', '', '', '', '\u00a0Тула', '', '', '', '', '']), // NBSP: JS trims it, DuckDB's trim would not
      row(['4', t, '', '', '', '', '"Химки, Московская обл."', '', 'site', '', '', '']), // quoted comma
      row([' 5', t, '', '', '', '', 'Тула', '', '', '', '', '']), // id with a space …
      row(['5', t, '', '', '', '', 'Тула', '', '', '', '', '']), // … duplicates this one
      row(['6', t, '', '', '', '', 'Москва', '', '', '', '', '']),
      row(['6', later, '', '', '', '', 'Москва', '', '', '', '', '']), // duplicate of a fast row
      row(['7', '2024-03-05 10:00', '', '', '', '', 'Москва', '', '', '', '', '']), // another ISO shape: the validator reads it
      row(['8', '2024-03-05T07:00:00Z', '', '', '', '', 'Новосибирск', '', '', '', '', '']),
      row(['9', '2024-03-05T10:00:00.250+03:00', '', '', '', '', 'нск', '', '', '', '', '']),
      row(['10', t, '', '', '', '', 'Москва', '', '', '2024-03-05T08:00:00+01:00', '', '']), // stage in another offset
      row(['11', t, '', '', '', '', 'Москва', '', '', '2024-03-05T09:00:00+03:00', '', '']), // stage before created
      row(['12', '2024-02-30T10:00:00+03:00', '', '', '', '', 'Москва', '', '', '', '', '']), // no such day
      row(['13', '1999-03-05T10:00:00+03:00', '', '', '', '', 'Москва', '', '', '', '', '']), // out of range
      row(['14', '', '', '', '', '', 'Москва', '', '', '', '', '']), // missing
      row(['15', t, '', '', '', '', 'Москва', '', '', '', '']), // 11 columns
      row(['16', t, '', '', '', '', 'Москва', '', '', '', '', '', '']), // 13 columns
      row(['17', t, '', '', '', '', 'Москва', '', '', '', '', '', '', '', '', '']), // 16 columns: the retry with more spare ones
      row(['18', t, '', '', '', '', 'Спрингфилд', 'IL', 'site', '', '', '']),
      row(['19', t, '', '', '', '', 'Неведомск', 'Тульская область', 'site', '', '', '']),
      row(['20', t, '', '', '', '', '', '', '', '', '', '']),
      row(['21', t, '', '', '', '', 'x'.repeat(201), '', '', '', '', '']),
      row(['', t, '', '', '', '', 'Москва', '', '', '', '', '']),
      '',
      row(['22', t, '', '', '', '', 'Москва', '', 'site', '', '', '']) + '\r',
      row(['23', later, '', '', '', '', 'Москва', '', 'mobile', later, later, later])
    ];
    const partner = cp1251(
      'Номер;Дата;ФИО;Город;Статус\nP1;05.03.2024 10:00;Иванов;Москва;ok\nP2;05.03.2024 11:00;Петров;Тула;нет\nP3;2024-03-05T12:00:00+03:00;Сидоров;Химки;ok\nP4;5.3.2024;Смирнов;Тула;ok\n'
    );
    const deliveries = [
      'time,channel,gateway,status',
      '2024-03-05T14:00:00+03:00,sms,smsalpha,sent',
      '2024-03-05T14:10:00+03:00,sms, smsbeta ,delivered', // gateway trimmed
      '2024-03-05T15:00:00+03:00,email,smtp,delivered',
      '2024-03-05T15:00:00Z,email,smtp,delivered', // another ISO shape
      '2024-03-05T15:00:00+03:00,fax,smtp,delivered', // unknown channel
      '2024-03-05T15:00:00+03:00,sms,smsalpha,lost', // unknown status
      '2024-03-05T15:00:00+03:00,sms, ,sent', // no gateway
      'вчера,sms,smsalpha,sent',
      '2024-03-05T16:00:00+03:00,sms', // missing cells
      '2024-03-05T16:00:00+03:00,sms,smsbeta,failed,extra' // an extra cell (the log does not count cells)
    ];
    const config = writeCampaign({
      registrations: lines.join('\n') + '\n',
      files: {
        'partner.csv': partner,
        // Windows-1251 with ISO times: transcoded to UTF-8 on the way into DuckDB.
        'partner2.csv': cp1251('Номер;Дата;ФИО;Город\nQ1;2024-03-05T12:00:00+03:00;Иванов;Тула\nQ2;2024-03-05T13:00:00+03:00;Петров; Москва\nQ3;вчера;Сидоров;Тула\n'),
        'deliveries.csv': deliveries.join('\n') + '\n'
      },
      extraSources: [
        {
          kind: 'csv',
          name: 'partner',
          path: 'partner.csv',
          profile: { encoding: 'windows-1251', delimiter: ';', columns: { id: 'Номер', created_at: 'Дата', city: 'Город' }, status: { column: 'Статус', keep: ['ok'], drop: ['нет'] }, personal: ['ФИО'], timeFormat: 'DD.MM.YYYY HH:mm' }
        },
        { kind: 'csv', name: 'partner2', path: 'partner2.csv', profile: { encoding: 'windows-1251', delimiter: ';', columns: { id: 'Номер', created_at: 'Дата', city: 'Город' }, personal: ['ФИО'] } }
      ]
    });
    const { duckdb, typescript, log } = await buildBoth(config);
    expect(differing(duckdb, typescript)).toEqual([]);
    // The partner export, read row by row, was read and checked while DuckDB scanned the site's file.
    expect(log.join('\n')).toContain('partner: 4 rows read and checked while DuckDB scanned an earlier file');
    // The cases are really there: the rejects name the rows the comments above expect.
    for (const reason of ['unknown channel', 'unknown status', 'gateway,missing value', 'duplicate id', 'before created_at', 'has 11 columns', 'has 13 columns', 'has 16 columns', 'not a timestamp', 'outside the campaign', 'longer than 200']) {
      expect(typescript['rejects.csv']).toContain(reason);
    }
  }, 120_000);

  it('agrees on a clean delivery log summed in one pass, its gateways numbered by their first rows, one first met past the head', async () => {
    const sites = ['zeta', 'alpha', 'mid'];
    const log = ['time,channel,gateway,status'];
    for (let i = 0; i < 70_000; i++) {
      // 'late' first comes after the 65,536 rows read for the gateways' order.
      const gateway = i >= 69_000 && i % 2 === 0 ? 'late' : sites[Math.floor(i / 3) % 3];
      log.push(`2024-03-05T${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+03:00,${i % 5 ? 'sms' : 'email'},${gateway},${i % 7 ? 'delivered' : 'failed'}`);
    }
    const config = writeCampaign({ registrations: [SITE_HEADER, row(['1', '2024-03-05T10:00:00+03:00', '', '', '', '', 'Москва', '', '', '', '', ''])].join('\n') + '\n', files: { 'deliveries.csv': log.join('\n') + '\n' } });
    const { duckdb, typescript, log: steps } = await buildBoth(config);
    expect(differing(duckdb, typescript)).toEqual([]);
    expect(steps.find((l) => l.includes('messages:'))).toContain('in one pass');
    const manifest = JSON.parse(duckdb['manifest.json']) as { dimensions: { gateway: string[] } };
    expect(manifest.dimensions.gateway).toEqual(['zeta', 'alpha', 'mid', 'late']);
    // A defect past the head: the one pass finds it, and the log is read again with its rows stored.
    writeFileSync(join(dirname(config), 'deliveries.csv'), [...log, '2024-03-05T10:00:00+03:00,fax,zeta,sent'].join('\n') + '\n');
    const again = await buildBoth(config);
    expect(differing(again.duckdb, again.typescript)).toEqual([]);
    expect(again.log.find((l) => l.includes('messages:'))).toContain('1 row(s) checked one by one');
  }, 120_000);

  it('agrees on random rows with random defects', async () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const cities = ['Москва', 'москва', ' Тула', 'Химки ', 'нск', 'Спрингфилд', 'Неведомск', '', '"Москва, Россия"', '\tТула'];
    const regions = ['', 'Московская область', 'RU-TUL', ' Тульская область '];
    const sources = ['', 'site', 'mobile', ' promo', 'landing'];
    const stamp = (h: number, offset: string): string => new Date(Date.UTC(2024, 2, 1) + h * 3_600_000 + 3 * 3_600_000 * (offset === '+03:00' ? 1 : 0)).toISOString().slice(0, 19) + offset;
    const lines = [SITE_HEADER];
    for (let i = 0; i < 3000; i++) {
      const h = Math.floor(rnd() * 24 * 60);
      const created = rnd() < 0.03 ? pick(['', 'вчера', '2024-13-01T00:00:00+03:00', stamp(h, 'Z'), stamp(h, '+03:00').replace('T', ' ')]) : stamp(h, '+03:00');
      const stage = (): string => (rnd() < 0.5 ? '' : rnd() < 0.05 ? stamp(h - 1, '+03:00') : stamp(h + Math.floor(rnd() * 48), '+03:00'));
      const id = rnd() < 0.02 ? String(Math.floor(rnd() * i)) : rnd() < 0.01 ? ` ${i}` : String(i);
      const cells = [id, created, 'Имя', 'Фамилия', '+7', 'x@y', pick(cities), pick(regions), pick(sources), stage(), stage(), stage()];
      if (rnd() < 0.01) cells.pop();
      if (rnd() < 0.01) cells.push('');
      lines.push(cells.join(','));
    }
    const config = writeCampaign({ registrations: lines.join('\n') + '\n' });
    const { duckdb, typescript } = await buildBoth(config);
    expect(differing(duckdb, typescript)).toEqual([]);
    // The same with groups keyed by the city and region text, the path taken when two pairs share a hash.
    process.env.TALLYBOARD_PAIRS_BY_TEXT = '1';
    try {
      const byText = await buildBoth(config);
      expect(differing(byText.duckdb, typescript)).toEqual([]);
    } finally {
      delete process.env.TALLYBOARD_PAIRS_BY_TEXT;
    }
  }, 120_000);

  it("agrees when rows carry offsets other than the first row's, duplicates rebuilt from each row's own", async () => {
    const offsets = ['+03:00', '+05:00', '-04:00', '-00:00', '+00:00', '+14:00', '-09:30'];
    const at = (ms: number, offset: string): string => {
      const minutes = (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
      return new Date(ms + minutes * 60_000).toISOString().slice(0, 19) + offset;
    };
    const rows = (first: string): string[] => {
      const lines = [SITE_HEADER, row(['0', first, '', '', '', '', 'Москва', '', 'site', '', '', ''])];
      for (let i = 1; i < 120; i++) {
        const ms = Date.UTC(2024, 2, 5, 6) + i * 600_000;
        const off = (k: number): string => offsets[(i + k) % offsets.length];
        // Ids 100–119 repeat ids 1–20: fast rows whose cells come back from their columns, as rejects.csv shows them.
        const id = String(i < 100 ? i : i - 99);
        lines.push(row([id, at(ms, off(0)), '', '', '', '', i % 3 ? 'Москва' : 'Тула', '', 'site', i % 2 ? at(ms + 60_000, off(1)) : '', at(ms + 120_000, off(2)), i % 4 ? '' : at(ms + 180_000, off(3))]));
      }
      return lines;
    };
    // The first row sets the usual offset; then one whose first timestamp is in another shape, so none is usual.
    for (const first of ['2024-03-05T09:00:00+03:00', '2024-03-05T06:00:00Z']) {
      const config = writeCampaign({ registrations: rows(first).join('\n') + '\n' });
      const { duckdb, typescript } = await buildBoth(config);
      expect(differing(duckdb, typescript)).toEqual([]);
      const duplicates = typescript['rejects.csv'].split('\n').filter((l) => l.includes('duplicate id'));
      expect(duplicates).toHaveLength(20);
      for (const offset of offsets) expect(duplicates.some((l) => l.includes(offset))).toBe(true);
    }
  }, 120_000);

  it('hands a file DuckDB refuses (text after a closing quote) to the TypeScript reader, with the same result', async () => {
    const t = '2024-03-05T10:00:00+03:00';
    const config = writeCampaign({ registrations: [SITE_HEADER, row(['1', t, '', '', '', '', 'Москва', '', '', '', '', '']), row(['2', t, '', '', '', '', '"Тула" обл', '', '', '', '', ''])].join('\n') + '\n' });
    const { duckdb, typescript, log } = await buildBoth(config);
    expect(log.join('\n')).toMatch(/registrations\.csv: DuckDB's CSV reader refused the file .*read row by row instead/);
    expect(differing(duckdb, typescript)).toEqual([]);
  }, 120_000);

  it('hands a file whose last row is longer than its read buffer to the TypeScript reader, which rejects that row', async () => {
    // DuckDB drops such a row without a word (duckdb#25825): read would no longer equal accepted + rejected.
    const t = '2024-03-05T10:00:00+03:00';
    // DuckDB's read buffer is 16 × max_line_size: a longer last row is the one it drops.
    const huge = 'x'.repeat(16 * MAX_ROW_CHARS + (1 << 20));
    const config = writeCampaign({
      registrations: [SITE_HEADER, row(['1', t, '', '', '', '', 'Москва', '', '', '', '', '']), row(['2', t, '', '', '', '', 'Тула', '', '', '', '', '']), row(['3', t, '', '', '', '', huge, '', '', '', '', ''])].join('\n') + '\n',
      files: { 'deliveries.csv': ['time,channel,gateway,status', `${t},sms,smsalpha,sent`, `${t},sms,${huge},sent`].join('\n') }
    });
    const { duckdb, typescript, log } = await buildBoth(config);
    expect(duckdb['rejects.csv']).toMatch(/registrations\.csv,3,\(row\),"longer than/);
    expect(duckdb['rejects.csv']).toMatch(/deliveries\.csv,2,\(row\),longer than/);
    for (const file of ['registrations', 'deliveries']) {
      expect(log.join('\n')).toMatch(new RegExp(`${file}\\.csv: DuckDB's CSV reader refused the file \\(its last row is longer than .*read row by row instead`));
    }
    expect(differing(duckdb, typescript)).toEqual([]);
  }, 120_000);

  it('publishes the same bytes for a generated demo campaign, defects included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-reader-demo-'));
    await generateDemo({ pack: 'ru', registrations: 40_000, seed: 'reader', out: dir });
    const snaps: Array<Record<string, string>> = [];
    const log: string[] = [];
    for (const reader of ['duckdb', 'typescript'] as const) {
      const progress = new Progress({ out: (line) => log.push(`${reader}: ${line}`), live: false });
      const r = await runBuild({ config: join(dir, 'campaign.json'), out: join(dir, `out-${reader}`), work: join(dir, `work-${reader}`), reader, progress });
      snaps.push(snapshot(r.outDir, r.workDir));
      expect(r.manifest.counts.rejected).toBeGreaterThan(0);
    }
    expect(differing(snaps[0], snaps[1])).toEqual([]);
    // Its partner export (Windows-1251, its own time format) was read ahead, during the scan, by the DuckDB build only.
    expect(log.filter((l) => /rows read and checked while DuckDB scanned/.test(l))).toEqual([expect.stringMatching(/^duckdb: +partner: [\d,]+ rows read and checked/)]);
  }, 240_000);
});
