/**
 * The third-party export, as a partner's system produces it: its own application numbers, Windows-1251 (RU) / Windows-1252 (US),
 * ";"-delimited, local-language headers, "DD.MM.YYYY HH:mm" (RU) or "MM/DD/YYYY HH:mm" (US) local times,
 * full name and phone in partner style, and a status column of which only "registered" counts.
 * Its source profile (inline in campaign.json) maps it onto our fields.
 */
import type { SourceProfile } from '../config/campaign.ts';
import type { Person } from './people.ts';
import { csvLine, RAW, type CsvDialect } from '../../shared/csv/csv.ts';
import { Rng } from './prng.ts';

/** Raw data for the pipeline to read, as the partner's system writes it: its phones keep their leading +. */
export const PARTNER_CSV: CsvDialect = { ...RAW, delimiter: ';' };

export interface PartnerFormat {
  encoding: string;
  header: string[];
  statuses: { keep: string; pending: string; stalled: string };
  timeFormat: string;
  profile: SourceProfile;
  formatTime(ms: number, offsetMin: number): string;
  formatPhone(phone: string): string;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function localParts(ms: number, off: number): [number, number, number, number, number] {
  const d = new Date(ms + off * 60_000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
}

export function partnerFormat(lang: 'ru' | 'en'): PartnerFormat {
  if (lang === 'ru') {
    const header = ['Номер заявки', 'Дата регистрации', 'ФИО', 'Телефон', 'Город', 'Регион', 'Статус'];
    const statuses = { keep: 'зарегистрирован', pending: 'ожидает', stalled: 'приостановлен' };
    return {
      encoding: 'windows-1251',
      header,
      statuses,
      timeFormat: 'DD.MM.YYYY HH:mm',
      profile: {
        encoding: 'windows-1251',
        delimiter: ';',
        columns: { id: 'Номер заявки', created_at: 'Дата регистрации', city: 'Город', region: 'Регион' },
        status: { column: 'Статус', keep: [statuses.keep], drop: [statuses.pending, statuses.stalled] },
        personal: ['ФИО', 'Телефон'],
        timeFormat: 'DD.MM.YYYY HH:mm'
      },
      formatTime(ms, off) {
        const [y, mo, d, h, mi] = localParts(ms, off);
        return `${pad(d)}.${pad(mo)}.${y} ${pad(h)}:${pad(mi)}`;
      },
      formatPhone: (p) => (p.startsWith('+7') ? `8 (${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8, 10)}-${p.slice(10)}` : p)
    };
  }
  const header = ['Application ID', 'Signup Date', 'Full Name', 'Phone', 'City', 'State', 'Status'];
  const statuses = { keep: 'registered', pending: 'pending', stalled: 'stalled' };
  return {
    encoding: 'windows-1252',
    header,
    statuses,
    timeFormat: 'MM/DD/YYYY HH:mm',
    profile: {
      encoding: 'windows-1252',
      delimiter: ';',
      columns: { id: 'Application ID', created_at: 'Signup Date', city: 'City', region: 'State' },
      status: { column: 'Status', keep: [statuses.keep], drop: [statuses.pending, statuses.stalled] },
      personal: ['Full Name', 'Phone'],
      timeFormat: 'MM/DD/YYYY HH:mm'
    },
    formatTime(ms, off) {
      const [y, mo, d, h, mi] = localParts(ms, off);
      return `${pad(mo)}/${pad(d)}/${y} ${pad(h)}:${pad(mi)}`;
    },
    formatPhone: (p) => (p.startsWith('+1') ? `(${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8)}` : p)
  };
}

/** One partner row. Status: registered ~85 %, pending ~10 %, stalled ~5 %. */
export function partnerLine(f: PartnerFormat, rng: Rng, seq: number, ms: number, off: number, person: Person, city: string, region: string): string {
  const x = rng.next();
  const status = x < 0.85 ? f.statuses.keep : x < 0.95 ? f.statuses.pending : f.statuses.stalled;
  const name = f.encoding === 'windows-1251' ? `${person.last} ${person.first}` : `${person.first} ${person.last}`;
  return csvLine([`P-${String(seq).padStart(7, '0')}`, f.formatTime(ms, off), name, f.formatPhone(person.phone), city, region, status], PARTNER_CSV);
}
