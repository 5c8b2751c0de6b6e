import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectDialect } from '../../../data-pipeline/init/dialect.ts';
import { detectEncoding } from '../../../data-pipeline/sources/csv/detect-encoding.ts';
import { columnStats } from '../../../data-pipeline/init/column-stats.ts';
import { detectPersonal } from '../../../data-pipeline/init/personal.ts';
import { suggestStatus } from '../../../data-pipeline/init/status.ts';
import { timeLayout } from '../../../data-pipeline/init/values.ts';

const RU_TEXT = 'Город;Регион\nМосква;Московская область\nКазань;Татарстан\nНовосибирск;Новосибирская область\n'.repeat(5);

describe('detectEncoding', () => {
  it('trusts byte order marks', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({ encoding: 'utf-8', certainty: 'certain' });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toMatchObject({ encoding: 'utf-16le', certainty: 'certain' });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toMatchObject({ encoding: 'utf-16be', certainty: 'certain' });
  });
  it('finds UTF-16 without a BOM by its NUL bytes', () => {
    expect(detectEncoding(Buffer.from('id\tcity\n1\tBoston\n', 'utf16le')).encoding).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('id\tcity\n1\tBoston\n', 'utf16le').swap16()).encoding).toBe('utf-16be');
  });
  it('tells UTF-8, Windows-1251 and Latin-1 apart', () => {
    expect(detectEncoding(Buffer.from(RU_TEXT, 'utf8'))).toMatchObject({ encoding: 'utf-8', certainty: 'certain' });
    expect(detectEncoding(iconv.encode(RU_TEXT, 'windows-1251'))).toMatchObject({ encoding: 'windows-1251', certainty: 'high' });
    const latin = 'name,city\nJosé,Cañon City\nRenée,Montréal\nBjörn,Zürich\n'.repeat(8);
    expect(detectEncoding(iconv.encode(latin, 'windows-1252')).encoding).toBe('windows-1252');
    expect(detectEncoding(iconv.encode('a;Москва\n', 'windows-1251')).certainty).toBe('low');
  });
});

describe('detectDialect', () => {
  it('finds the delimiter and the header', () => {
    const d = detectDialect('id;created;city\n1;2024-03-01 10:00;Москва\n2;2024-03-01 11:00;"Тула; центр"\n');
    expect(d).toMatchObject({ delimiter: ';', columns: 3, hasHeader: true, quotedCells: 1 });
  });
  it('sees a file without a header', () => {
    const d = detectDialect('1\t2024-03-01T10:00:00Z\ta@b.org\n2\t2024-03-01T11:00:00Z\tc@d.org\n');
    expect(d).toMatchObject({ delimiter: '\t', hasHeader: false });
  });
});

describe('timeLayout', () => {
  it('reads the layout from the values', () => {
    expect(timeLayout(['2024-03-01 10:00:00', '2024-03-02T11:00Z'])?.format).toBeNull();
    expect(timeLayout(['01.03.2024 10:00', '25.03.2024 11:30'])?.format).toBe('DD.MM.YYYY HH:mm');
    expect(timeLayout(['03/25/2024 10:00:15', '03/01/2024 11:30'])?.format).toBe('MM/DD/YYYY HH:mm:ss');
    expect(timeLayout(['01/03/2024', '02/03/2024'])).toMatchObject({ format: 'MM/DD/YYYY', note: expect.stringContaining('check it') });
    expect(timeLayout(['tomorrow', 'soon'])).toBeNull();
  });
});

describe('detectPersonal', () => {
  const header = ['contact', 'Поле 3', 'addr', 'who', 'zip', 'first_name', 'city', 'phone_confirmed_at'];
  const rows = Array.from({ length: 30 }, (_, i) => [
    `user${i}@example.org`,
    `+7 (900) 123-45-${String(i).padStart(2, '0')}`,
    `${i + 1} Main St`,
    `Иванов${i % 3 ? 'а' : ''} Мария${i}`.replace(/\d/g, ''),
    ['02139', '10001', '60601'][i % 3],
    '',
    ['Boston', 'Chicago'][i % 2],
    '2024-03-01 10:00'
  ]);
  it('finds personal columns by content and by name, never timestamps or places', () => {
    const found = detectPersonal(columnStats(header, rows), (c) => (c.name === 'city' ? 1 : 0));
    expect(found.map((p) => p.name)).toEqual(['contact', 'Поле 3', 'addr', 'who', 'zip', 'first_name']);
    expect(found.find((p) => p.name === 'first_name')?.why).toContain('by its name');
  });
});

describe('suggestStatus', () => {
  it('splits known values into keep and drop and flags the unknown', () => {
    const rows = ['subscribed', 'unsubscribed', 'bouncing', 'maybe', 'subscribed'].map((v) => [v]);
    const s = suggestStatus(columnStats(['can2_subscription_status'], rows));
    expect(s).toMatchObject({ keep: ['maybe', 'subscribed'], drop: ['bouncing', 'unsubscribed'], unsure: ['maybe'] });
  });
});
