/**
 * Which column is which of our registration fields. Content decides where it can (timestamps, cities the pack
 * resolves, regions the pack names, unique ids); the column's name breaks ties and finds what content alone
 * cannot tell (which timestamp is the registration, which is a stage; which few-valued column is the source).
 * Personal columns are never candidates: an e-mail is unique, but it must not become the id.
 */
import type { RegistrationField } from '../config/campaign.ts';
import type { ColumnStats } from './column-stats.ts';

export interface Places {
  /** Share of the column's distinct values (up to a bound) the pack resolves to one city. */
  cityShare(c: ColumnStats): number;
  /** Share of the column's values that name one of the pack's regions. */
  regionShare(c: ColumnStats): number;
  /** The pack's code for a region value (ISO code, abbreviation or name), as the resolver reads the hint. */
  regionCode(value: string): string | null;
}

export interface RoleChoice {
  column: ColumnStats;
  why: string;
}

export type Roles = Partial<Record<RegistrationField, RoleChoice>>;

const pct = (x: number): string => `${Math.round(100 * x)}%`;

const ID_NAME = /^(id|uuid|guid|key)$|[\s_-](id|uuid)$|^id[\s_-]|номер|^№|^код$|application/i;
const CREATED_NAME = /creat|regist|sign[\s_-]?up|submit|joined|^date$|^time|timestamp|дата|время/i;
const NOT_CREATED = /updat|modif|last|confirm|verif|подтвер|измен/i;
const STAGE_NAMES: ReadonlyArray<readonly [RegistrationField, RegExp]> = [
  ['phone_confirmed_at', /(phone|sms|mobile|телефон).*(confirm|verif|подтвер)|(confirm|verif|подтвер).*(phone|sms|телефон)/i],
  ['email_confirmed_at', /(e-?mail|почт).*(confirm|verif|подтвер)|(confirm|verif|подтвер).*(e-?mail|почт)/i],
  ['questionnaire_at', /questionnaire|survey|анкет|опрос/i]
];
const CITY_NAME = /city|town|locality|город|населен/i;
const REGION_NAME = /state|region|province|регион|област|субъект|край/i;
const SOURCE_NAME = /source|channel|referr|medium|utm|источник|канал|откуда/i;
const MAX_SOURCES = 64;

export function inferRoles(columns: ColumnStats[], personal: ReadonlySet<number>, places: Places): Roles {
  const roles: Roles = {};
  const taken = new Set<number>(personal);
  const free = (): ColumnStats[] => columns.filter((c) => !taken.has(c.index) && c.values.length > 0);
  const take = (field: RegistrationField, column: ColumnStats, why: string): void => {
    roles[field] = { column, why };
    taken.add(column.index);
  };

  const timestamps = free().filter((c) => c.time && c.time.share >= 0.9);
  const created = timestamps.find((c) => CREATED_NAME.test(c.name) && !NOT_CREATED.test(c.name)) ?? timestamps.find((c) => !NOT_CREATED.test(c.name));
  if (created) take('created_at', created, `timestamps in ${pct(created.time!.share)} of values${CREATED_NAME.test(created.name) ? ', and its name says registration' : ', the first that is not an update or a confirmation'}`);
  for (const [field, re] of STAGE_NAMES) {
    const c = timestamps.find((t) => !taken.has(t.index) && re.test(t.name));
    if (c) take(field, c, 'timestamps, and its name names this stage');
  }

  const ids = free().filter((c) => c.uniqueness >= 0.99 && !c.time);
  const id = ids.find((c) => ID_NAME.test(c.name)) ?? ids.find((c) => c.share.uuid >= 0.9 || c.share.number >= 0.9);
  if (id) take('id', id, `${id.distinct} distinct values in ${id.values.length} rows${ID_NAME.test(id.name) ? ', and an id name' : ''}`);

  const best = (share: (c: ColumnStats) => number, nameHint: RegExp, min: number, hinted: number): { column: ColumnStats; share: number } | null => {
    let top: { column: ColumnStats; share: number } | null = null;
    for (const c of free()) {
      if (c.time || c.share.number >= 0.9) continue;
      const s = share(c);
      if (s < (nameHint.test(c.name) ? hinted : min)) continue;
      if (!top || s > top.share) top = { column: c, share: s };
    }
    return top;
  };
  const city = best(places.cityShare, CITY_NAME, 0.5, 0.2);
  if (city) take('city', city.column, `${pct(city.share)} of its spellings are cities of the pack`);
  const region = best(places.regionShare, REGION_NAME, 0.7, 0.3);
  if (region) take('region', region.column, `${pct(region.share)} of values name a region of the pack`);

  const source = free().find((c) => SOURCE_NAME.test(c.name) && c.distinct <= MAX_SOURCES && !c.time);
  if (source) take('source', source, `${source.distinct} distinct values, and a source name`);
  return roles;
}
