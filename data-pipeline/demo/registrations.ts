/**
 * Writes the registration exports hour by hour from the plan: the site's `registrations.csv` (UTF-8, with
 * personal columns and stage timestamps), the partner's export, and the delivery log the funnel produces.
 * Rows come out in time order with sequential ids, as a database export would. A small share of rows
 * (~0.05 %) is broken the way real exports break, for the pipeline to reject.
 */
import iconv from 'iconv-lite';
import { join } from 'node:path';
import type { Pack } from '../../geo/pack.ts';
import type { Speller } from './city-spelling.ts';
import { csvCell, csvLine, RAW } from '../../shared/csv/csv.ts';
import { LineStream } from './line-stream.ts';
import { DeliverySink, DELIVERY_HEADER, Messenger } from './deliveries.ts';
import { PARTNER_CSV, partnerFormat, partnerLine } from './partner.ts';
import { ruPerson, usPerson } from './people.ts';
import type { Plan } from './plan.ts';
import { pickCumulative, rngFor } from './prng.ts';
import { HOUR_MS } from '../../shared/time/units.ts';
import { formatIso } from './time.ts';

export const REGISTRATION_HEADER = 'id,created_at,first_name,last_name,phone,email,city,region,source,phone_confirmed_at,email_confirmed_at,questionnaire_at';
export const REGISTRATION_COLUMN_COUNT = 12;
/** Share of site rows broken on purpose. */
export const BAD_ROW_SHARE = 0.0005;
export const BAD_KINDS = ['bad-time', 'duplicate-id', 'missing-created', 'stage-before-created', 'column-count'] as const;
export type BadKind = (typeof BAD_KINDS)[number];
/** Share of rows that carry the optional region column. */
const REGION_FILLED = 0.25;

export interface RegistrationStats {
  site: number;
  partner: number;
  deliveries: number;
  bad: Record<BadKind, number>;
  bytes: { registrations: number; partner: number; deliveries: number };
}

export interface WriteOptions {
  pack: Pack;
  plan: Plan;
  speller: Speller;
  seed: string;
  dir: string;
  onProgress?: (rows: number) => void;
}

const BAD_TIMES_RU = ['2017-13-45T25:61:00+03:00', '0000-00-00 00:00:00', 'вчера', '31/12/2017 10:00 PM', '2017-02-30T12:00:00+03:00', 'NaN', '1970-01-01T00:00:00'];
const BAD_TIMES_EN = ['2023-13-45T25:61:00-05:00', '0000-00-00 00:00:00', 'yesterday', '31/12/2023 10:00 PM', '2023-02-30T12:00:00-05:00', 'NaN', '1970-01-01T00:00:00'];

export async function writeRegistrations(o: WriteOptions): Promise<RegistrationStats> {
  const { pack, plan, speller } = o;
  const t = plan.timeline;
  const spec = t.spec;
  const R = plan.regions.length;
  const rng = rngFor(o.seed, 'registrations');
  const badRng = rngFor(o.seed, 'bad-rows');
  const person = spec.lang === 'ru' ? ruPerson : usPerson;
  const messenger = new Messenger(spec, t.endMs);
  const sink = new DeliverySink();
  const pf = partnerFormat(spec.lang);

  const site = new LineStream(join(o.dir, 'registrations.csv'), REGISTRATION_HEADER);
  const partner = new LineStream(join(o.dir, 'partner.csv'), csvLine(pf.header, PARTNER_CSV), (s) => iconv.encode(s, pf.encoding));
  const deliveries = new LineStream(join(o.dir, 'deliveries.csv'), DELIVERY_HEADER);

  // Bad rows: positions over all registrations, applied to the next site row at or after each.
  const n = plan.total;
  const badCount = n >= 1000 ? Math.max(BAD_KINDS.length, Math.round(n * BAD_ROW_SHARE)) : 0;
  const badAt = new Set<number>();
  while (badAt.size < badCount) badAt.add(10 + badRng.int(n - 20));
  const badPositions = [...badAt].sort((a, b) => a - b);
  let badNext = 0;
  const bad = Object.fromEntries(BAD_KINDS.map((k) => [k, 0])) as Record<BadKind, number>;

  const capitals = plan.regions.map((rc) => rc.cities[0]);
  let nextId = 1;
  let global = 0;
  let keys = new Int32Array(1024);

  for (let h = 0; h < t.hours; h++) {
    const hourStart = t.startMs + h * HOUR_MS;
    const epoch = plan.epochOfHour[h];
    let k = 0;
    for (let r = 0; r < R; r++) {
      const c = plan.counts[h * R + r];
      for (let i = 0; i < c; i++) {
        if (k === keys.length) {
          const bigger = new Int32Array(keys.length * 2);
          bigger.set(keys);
          keys = bigger;
        }
        keys[k++] = rng.int(3600) * 128 + r;
      }
    }
    const hourKeys = keys.subarray(0, k).sort();
    const progress = (hourStart - t.startMs) / (t.endMs - t.startMs);
    for (let i = 0; i < k; i++) {
      const key = hourKeys[i];
      const r = key & 127;
      const ms = hourStart + (key >> 7) * 1000;
      const off = t.campaign.at(ms);
      const rc = plan.regions[r];
      const ci = pickCumulative(rng, rc.cum[epoch]);
      const p = person(rng);
      let city = ci < rc.cities.length ? speller.city(rng, rc.cities[ci], rc.region) : speller.rural(rng, rc.region, capitals[r]);
      const region = rng.chance(REGION_FILLED) ? speller.region(rng, rc.region) : '';

      if (rng.chance(spec.partnerShare)) {
        partner.line(partnerLine(pf, rng, partner.rows + 1, ms, off, p, city, region));
        global++;
        continue;
      }
      const noise = speller.noise(rng);
      if (noise !== null) city = noise;
      const x = rng.next();
      const source = x < 0.2 + 0.25 * progress ? 'mobile' : x < 0.36 + 0.25 * progress ? 'landing' : 'site';
      const stages = messenger.funnel(rng, ms, p.foreignPhone, sink);
      let id = String(nextId++);
      let created = formatIso(ms, off);
      let phoneAt = stages.phoneAt === null ? '' : formatIso(stages.phoneAt, t.campaign.at(stages.phoneAt));
      const emailAt = stages.emailAt === null ? '' : formatIso(stages.emailAt, t.campaign.at(stages.emailAt));
      const qAt = stages.questionnaireAt === null ? '' : formatIso(stages.questionnaireAt, t.campaign.at(stages.questionnaireAt));
      let columns = 0;
      if (badNext < badPositions.length && global >= badPositions[badNext]) {
        const kind = BAD_KINDS[badNext % BAD_KINDS.length];
        badNext++;
        bad[kind]++;
        if (kind === 'bad-time') created = badRng.pick(spec.lang === 'ru' ? BAD_TIMES_RU : BAD_TIMES_EN);
        else if (kind === 'duplicate-id') {
          nextId--;
          id = String(nextId - 1);
        } else if (kind === 'missing-created') created = '';
        else if (kind === 'stage-before-created') {
          const before = ms - (1 + badRng.int(72)) * HOUR_MS;
          phoneAt = formatIso(before, t.campaign.at(before));
        } else columns = badRng.chance(0.5) ? -1 : 1;
      }
      let line = `${id},${created},${csvCell(p.first, RAW)},${csvCell(p.last, RAW)},${p.phone},${p.email},${csvCell(city, RAW)},${csvCell(region, RAW)},${source},${phoneAt},${emailAt},${qAt}`;
      if (columns < 0) line = line.slice(0, line.lastIndexOf(','));
      else if (columns > 0) line += ',';
      site.line(line);
      global++;
    }

    const last = h === t.hours - 1;
    for (const [dms, code] of sink.takeBefore(last ? Infinity : hourStart + HOUR_MS)) {
      deliveries.line(`${formatIso(dms, t.campaign.at(dms))},${messenger.codes[code]}`);
    }
    if (site.full || partner.full || deliveries.full || last) {
      await Promise.all([site.drain(last), partner.drain(last), deliveries.drain(last)]);
      o.onProgress?.(global);
    }
  }
  await Promise.all([site.close(), partner.close(), deliveries.close()]);
  return {
    site: site.rows,
    partner: partner.rows,
    deliveries: deliveries.rows,
    bad,
    bytes: { registrations: site.bytes, partner: partner.bytes, deliveries: deliveries.bytes }
  };
}

