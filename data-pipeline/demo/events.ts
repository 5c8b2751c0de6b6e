/**
 * Campaign events and what they do to the sign-up rate. Investigation videos give the largest national
 * peaks, decaying over days (the regional ones lift their region most); rallies and regional events lift
 * a region; mailings are short bumps; press a small one. The "+1" day is modelled separately (plan.ts),
 * as a reserved share of all registrations, because it is a single huge hour rather than a multiplier.
 */
import type { EventKind } from '../../shared/cube/format.ts';
import type { Pack, Region } from '../../geo/pack.ts';
import type { DemoSpec } from './calendar.ts';
import type { Headquarters } from './headquarters.ts';
import { Rng } from './prng.ts';
import { DAY_MS, HOUR_MS } from '../../shared/time/units.ts';
import { localDow, zonedToEpoch } from './time.ts';
import type { Timeline } from './timeline.ts';

export interface Boost {
  /** Added to the national multiplier at the peak. */
  national: number;
  /** Added to the event region's multiplier at the peak. */
  regional: number;
  /** Decay time constant, hours. */
  tau: number;
  /** A long, low tail: amplitude and time constant (hours). */
  tail?: [number, number];
  /** Hours to reach the peak. */
  rise?: number;
}

export interface DemoEvent {
  id: string;
  ms: number;
  title: string;
  kind: EventKind;
  regionCode: string | null;
  url: string | null;
  boost: Boost;
}

const RU = {
  launch: 'Запуск сайта и старт регистрации',
  windowOpen: 'Начало сбора подписей',
  formChange: 'Новая форма регистрации на сайте',
  outage: (g: string) => `Сбой доставки SMS через шлюз ${g}`,
  plusOne: 'Акция «+1»: приведи друга',
  nationalRally: 'Всероссийская акция протеста',
  videos: [
    'тайные поместья',
    'яхты и виноградники',
    'империя госзаказов',
    'фонды и особняки',
    'офшорные цепочки',
    'семейный бизнес на дорогах',
    'квартиры в центре столицы',
    'самолёты и охотничьи угодья',
    'благотворительность наоборот'
  ].map((t) => `Расследование: ${t}`),
  regionalVideo: (r: Region) => `Расследование: губернатор и подряды (${r.nameLocal})`,
  rally: (city: string) => `Митинг: ${city}`,
  visit: (city: string) => `Встреча с кандидатом: ${city}`,
  hqOpen: (city: string) => `Открытие штаба: ${city}`,
  press: ['Интервью на радио', 'Пресс-конференция', 'Интервью деловому изданию', 'Прямой эфир на YouTube', 'Дебаты в прямом эфире', 'Интервью иностранной прессе'],
  mailings: ['приглашение в штаб', 'итоги месяца', 'заполните анкету', 'новое видео', 'сбор подписей скоро', 'нужны волонтёры', 'подтвердите телефон'].map(
    (t) => `Рассылка: ${t}`
  )
};

const EN = {
  launch: 'Site launch: registration opens',
  windowOpen: 'Petition window opens',
  formChange: 'New registration form on the site',
  outage: (g: string) => `SMS delivery failure on gateway ${g}`,
  plusOne: '"+1" day: bring a friend',
  nationalRally: 'National day of action',
  videos: [
    'the secret estates',
    'yachts and vineyards',
    'the no-bid contract empire',
    'foundations and mansions',
    'the offshore chain',
    'a family business in road building',
    'penthouses downtown',
    'jets and hunting lodges',
    'charity in reverse'
  ].map((t) => `Investigation: ${t}`),
  regionalVideo: (r: Region) => `Investigation: the governor's contracts (${r.name})`,
  rally: (city: string) => `Rally: ${city}`,
  visit: (city: string) => `Town hall with the candidate: ${city}`,
  hqOpen: (city: string) => `Field office opens: ${city}`,
  press: ['Radio interview', 'Press conference', 'Interview with a business daily', 'Live stream', 'Televised debate', 'Interview with foreign press'],
  mailings: ['visit your field office', 'monthly update', 'fill in the questionnaire', 'new video', 'petitioning starts soon', 'volunteers wanted', 'confirm your phone'].map(
    (t) => `Mailing: ${t}`
  )
};

function slug(rng: Rng, n: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += abc[rng.int(abc.length)];
  return s;
}

export function planEvents(pack: Pack, spec: DemoSpec, t: Timeline, hqs: Headquarters[], rng: Rng): DemoEvent[] {
  const L = spec.lang === 'ru' ? RU : EN;
  const tz = spec.timeZone;
  const events: Omit<DemoEvent, 'id'>[] = [];
  const cityName = (h: Headquarters): string => (spec.lang === 'ru' ? h.city.name : h.city.nameEn);
  const dayAt = (from: number, to: number): number => from + rng.int(Math.max(1, Math.floor((to - from) / DAY_MS))) * DAY_MS;
  const openAt = (ms: number): Headquarters[] => hqs.filter((h) => h.openedMs <= ms && (h.closedMs === null || h.closedMs > ms));
  const popOf = new Map(pack.regions.map((r) => [r.code, r.population]));
  const pickHq = (list: Headquarters[]): Headquarters => {
    let total = 0;
    for (const h of list) total += Math.sqrt(popOf.get(h.regionCode) ?? 1);
    let x = rng.next() * total;
    for (const h of list) {
      x -= Math.sqrt(popOf.get(h.regionCode) ?? 1);
      if (x < 0) return h;
    }
    return list[list.length - 1];
  };

  events.push({ ms: t.startMs + 11 * HOUR_MS, title: L.launch, kind: 'press', regionCode: null, url: 'https://example.org/news/launch', boost: { national: 5, regional: 0, tau: 40, tail: [0.6, 240] } });
  events.push({ ms: t.windowStartMs + 10 * HOUR_MS, title: L.windowOpen, kind: 'other', regionCode: null, url: 'https://example.org/news/window', boost: { national: 1.2, regional: 0, tau: 60 } });
  events.push({ ms: zonedToEpoch(spec.formChange, tz), title: L.formChange, kind: 'other', regionCode: null, url: null, boost: { national: 0, regional: 0, tau: 1 } });
  for (const o of spec.outages) events.push({ ms: zonedToEpoch(o.start, tz), title: L.outage(o.gateway), kind: 'other', regionCode: null, url: null, boost: { national: 0, regional: 0, tau: 1 } });
  events.push({ ms: zonedToEpoch(spec.plusOne, tz), title: L.plusOne, kind: 'plusone', regionCode: null, url: 'https://example.org/plus-one', boost: { national: 0, regional: 0, tau: 1 } });

  // Investigation videos: national ones, and regional ones (officials of one region) that lift that region most.
  const span0 = t.startMs + 20 * DAY_MS;
  const span1 = t.windowEndMs - 5 * DAY_MS;
  const videoTitles = rng.shuffle([...L.videos]);
  for (const title of videoTitles) {
    const ms = dayAt(span0, span1) + (10 + rng.int(4)) * HOUR_MS;
    events.push({ ms, title, kind: 'video', regionCode: null, url: `https://video.example.org/watch?v=${slug(rng, 11)}`, boost: { national: 3 + rng.next() * 5, regional: 0, tau: 20 + rng.int(14), tail: [0.35, 120], rise: 2 } });
  }
  const bigRegions = [...pack.regions].sort((a, b) => b.population - a.population).slice(0, 40);
  for (let i = 0; i < 7; i++) {
    const r = rng.pick(bigRegions);
    const ms = dayAt(span0, span1) + (10 + rng.int(4)) * HOUR_MS;
    events.push({ ms, title: L.regionalVideo(r), kind: 'video', regionCode: r.code, url: `https://video.example.org/watch?v=${slug(rng, 11)}`, boost: { national: 2 + rng.next() * 3, regional: 14 + rng.next() * 10, tau: 30, tail: [0.3, 120], rise: 2 } });
  }

  // National rally days, and regional rallies / visits in cities with an open headquarters (weekends).
  for (const d of spec.rallyDays) {
    events.push({ ms: zonedToEpoch(`${d}T14:00`, tz), title: L.nationalRally, kind: 'rally', regionCode: null, url: 'https://example.org/news/rally', boost: { national: 1.6, regional: 0, tau: 16, rise: 2 } });
  }
  const firstHq = hqs.length ? hqs[0].openedMs : span0;
  const weekendAt = (from: number, to: number): number => {
    let ms = dayAt(from, to);
    while (localDow(ms, t.campaign.at(ms)) !== 6) ms += DAY_MS;
    return ms;
  };
  for (let i = 0; i < 28; i++) {
    const ms = weekendAt(firstHq + 7 * DAY_MS, span1) + (12 + rng.int(4)) * HOUR_MS;
    const open = openAt(ms);
    if (!open.length) continue;
    const h = pickHq(open);
    events.push({ ms, title: L.rally(cityName(h)), kind: 'rally', regionCode: h.regionCode, url: rng.chance(0.5) ? `https://example.org/news/${slug(rng, 8).toLowerCase()}` : null, boost: { national: 0, regional: 4 + rng.next() * 4, tau: 14, rise: 2 } });
  }
  for (let i = 0; i < 18; i++) {
    const ms = weekendAt(firstHq + 14 * DAY_MS, span1) + (rng.chance(0.5) ? DAY_MS : 0) + (15 + rng.int(4)) * HOUR_MS;
    const open = openAt(ms);
    if (!open.length) continue;
    const h = pickHq(open);
    events.push({ ms, title: L.visit(cityName(h)), kind: 'regional', regionCode: h.regionCode, url: `https://example.org/tour/${slug(rng, 6).toLowerCase()}`, boost: { national: 0.1, regional: 3 + rng.next() * 2, tau: 24, rise: 2 } });
  }
  for (const h of hqs) {
    events.push({ ms: h.openedMs, title: L.hqOpen(cityName(h)), kind: 'regional', regionCode: h.regionCode, url: null, boost: { national: 0, regional: 1.2, tau: 48 } });
  }

  for (let i = 0; i < 12; i++) {
    const ms = dayAt(span0, span1) + (9 + rng.int(11)) * HOUR_MS + rng.int(60) * 60_000;
    events.push({ ms, title: rng.pick(L.press), kind: 'press', regionCode: null, url: rng.chance(0.6) ? `https://example.org/press/${slug(rng, 8).toLowerCase()}` : null, boost: { national: 0.4 + rng.next() * 0.5, regional: 0, tau: 8 } });
  }
  for (let i = 0; i < 22; i++) {
    let ms = dayAt(span0, span1);
    while (localDow(ms, t.campaign.at(ms)) !== 2) ms += DAY_MS;
    ms += (11 + rng.int(3)) * HOUR_MS;
    events.push({ ms, title: rng.pick(L.mailings), kind: 'mailing', regionCode: null, url: null, boost: { national: 1 + rng.next(), regional: 0, tau: 2.5 } });
  }

  const inRange = events.filter((e) => e.ms >= t.startMs && e.ms < t.endMs).sort((a, b) => a.ms - b.ms || a.title.localeCompare(b.title));
  return inRange.map((e, i) => ({ id: `ev-${String(i + 1).padStart(3, '0')}`, ...e }));
}

/** Per-hour multipliers added by the events: one national series and one per region that has regional events. */
export interface EventBoosts {
  national: Float64Array;
  regional: Map<number, Float64Array>;
}

/** One event's added multiplier from hour `start` on (`values[i]` is hour start + i), before clipping to the timeline. */
export interface Response {
  start: number;
  values: Float64Array;
}

export function eventResponse(t: Timeline, e: DemoEvent, amp: number): Response {
  const { tau, tail, rise = 0.5 } = e.boost;
  const start = Math.floor((e.ms - t.startMs) / HOUR_MS);
  const horizon = amp > 0 ? Math.ceil(Math.max(tau * 8, tail ? tail[1] * 5 : 0)) : 0;
  const values = new Float64Array(horizon);
  for (let i = 0; i < horizon; i++) {
    // Hours since the event, at the middle of hour start + i.
    const d = (t.startMs + (start + i + 0.5) * HOUR_MS - e.ms) / HOUR_MS;
    if (d <= 0) continue;
    const ramp = Math.min(1, d / rise);
    let v = amp * ramp * Math.exp(-d / tau);
    if (tail) v += amp * tail[0] * ramp * Math.exp(-d / tail[1]);
    values[i] = v;
  }
  return { start, values };
}

/** Per-hour multipliers added by the events: one national series and one per region that has regional events. */
export interface EventBoosts {
  national: Float64Array;
  regional: Map<number, Float64Array>;
}

export function eventBoosts(t: Timeline, events: DemoEvent[], regionIndex: Map<string, number>): EventBoosts {
  const national = new Float64Array(t.hours);
  const regional = new Map<number, Float64Array>();
  const add = (series: Float64Array, { start, values }: Response): void => {
    for (let i = Math.max(0, -start); i < values.length && start + i < t.hours; i++) series[start + i] += values[i];
  };
  for (const e of events) {
    add(national, eventResponse(t, e, e.boost.national));
    if (e.regionCode && e.boost.regional > 0) {
      const r = regionIndex.get(e.regionCode);
      if (r === undefined) continue;
      let s = regional.get(r);
      if (!s) regional.set(r, (s = new Float64Array(t.hours)));
      add(s, eventResponse(t, e, e.boost.regional));
    }
  }
  return { national, regional };
}
