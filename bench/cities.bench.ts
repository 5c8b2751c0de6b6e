/**
 * City resolution: index build time, throughput on >= 100,000 distinct realistic spellings,
 * and accuracy on the held-out half of the labelled set, for both packs.
 */
import { loadavg } from 'node:os';
import { loadPack, type PackCode } from '../geo/pack.ts';
import { createCityResolver } from '../data-pipeline/resolve/city-resolver.ts';
import { labelledSet, measureAccuracy, realisticInputs } from '../tests/support/labelled-set.ts';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

const DISTINCT = 100_000;
/** Share of distinct spellings that need the approximate search (typos); the rest hit the index. */
const FUZZY_SHARE = 0.15;

const FORMATS: Record<PackCode, Array<(name: string, region: string) => string>> = {
  ru: [(n) => n, (n) => n.toUpperCase(), (n) => n.toLowerCase(), (n) => `г. ${n}`, (n) => `город ${n}`, (n) => `г ${n}`, (n) => `${n}, Россия`, (n) => `${n}, РФ`, (n, r) => `${n}, ${r}`, (n, r) => `${n.toLowerCase()}, ${r.toLowerCase()}`, (n) => `${n}.`, (n) => ` ${n} `],
  us: [(n) => n, (n) => n.toUpperCase(), (n) => n.toLowerCase(), (n) => `City of ${n}`, (n) => `${n}, USA`, (n) => `${n}, US`, (n, r) => `${n}, ${r}`, (n, r) => `${n.toLowerCase()}, ${r.toLowerCase()}`, (n) => `${n}.`, (n) => ` ${n} `]
};

/**
 * A realistic distinct mix: well-formed spellings in every format people use (index hits),
 * plus FUZZY_SHARE distinct typos and slips from the labelled-set generator.
 */
function distinctSpellings(code: PackCode): string[] {
  const pack = loadPack(code);
  const regionName = new Map(pack.regions.map((r) => [r.code, code === 'ru' ? r.nameLocal : r.name]));
  const exact = new Set<string>();
  const exactTarget = DISTINCT * (1 - FUZZY_SHARE);
  for (const format of FORMATS[code]) {
    for (const c of pack.cities) {
      for (const name of [c.name, c.nameEn, ...c.alternates.slice(0, 3)]) {
        if (exact.size < exactTarget) exact.add(format(name, regionName.get(c.regionCode)!));
      }
    }
  }
  const fuzzy = new Set<string>();
  for (let seed = 1; fuzzy.size < DISTINCT - exact.size && seed < 50; seed += 1) {
    for (const x of realisticInputs(pack, 20_000, seed)) {
      if (x.kind.startsWith('typo') && !exact.has(x.text)) fuzzy.add(x.text);
    }
  }
  return [...exact, ...[...fuzzy].slice(0, DISTINCT - exact.size)];
}

function benchPack(code: PackCode): BenchResult[] {
  const pack = loadPack(code);
  const t0 = performance.now();
  const resolver = createCityResolver(pack);
  const buildMs = performance.now() - t0;

  const spellings = distinctSpellings(code);
  const t1 = performance.now();
  let matched = 0;
  for (const s of spellings) if (resolver.resolve(s).status === 'matched') matched += 1;
  const perSecond = spellings.length / ((performance.now() - t1) / 1000);

  const a = measureAccuracy((t) => resolver.resolve(t), labelledSet(pack, 20_000, 'held-out'));
  const pct = (n: number, d: number): number => Math.round((n / d) * 10_000) / 100;
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  return [
    { name: `cities ${code}: index build`, value: Math.round(buildMs), unit: 'ms', target: '< 1000 ms', pass: buildMs < 1000 },
    { name: `cities ${code}: resolve ${spellings.length} distinct spellings (${pct(matched, spellings.length)}% matched; load ${load})`, value: Math.round(perSecond), unit: 'spellings/s', target: '>= 50000', pass: perSecond >= 50_000 },
    { name: `cities ${code}: held-out named inputs resolved right (${a.named}; load ${load})`, value: pct(a.right, a.named), unit: '%', target: '>= 99', pass: a.right / a.named >= 0.99 },
    { name: `cities ${code}: held-out named inputs resolved wrong (${a.named})`, value: pct(a.wrong, a.named), unit: '%', target: '<= 0.2', pass: a.wrong / a.named <= 0.002 },
    { name: `cities ${code}: held-out junk, foreign and hard refusals refused (${a.refuse})`, value: pct(a.refused, a.refuse), unit: '%', target: '100', pass: a.refused === a.refuse },
    { name: `cities ${code}: held-out random letters refused (${a.random})`, value: pct(a.randomRefused, a.random), unit: '%', target: '>= 99', pass: a.randomRefused / a.random >= 0.99 }
  ];
}

export default async function citiesBench(): Promise<BenchResult[]> {
  return [...benchPack('ru'), ...benchPack('us')];
}
