/**
 * City resolution: index build time, throughput on >= 100,000 distinct realistic spellings,
 * and accuracy on the labelled set, for both packs.
 */
import { loadPack, type PackCode } from '../geo/pack.ts';
import { createCityResolver } from '../data-pipeline/resolve/city-resolver.ts';
import { garbageInputs, realisticInputs } from '../tests/support/labelled-set.ts';

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

  const labelled = realisticInputs(pack, 20_000, 20240101);
  let right = 0;
  let wrong = 0;
  for (const x of labelled) {
    const r = resolver.resolve(x.text);
    if (r.status === 'matched') {
      if (r.geonameId === x.geonameId) right += 1;
      else wrong += 1;
    }
  }
  const garbage = garbageInputs(code, 2_000, 99);
  const garbageUnresolved = garbage.filter((g) => resolver.resolve(g).status === 'unresolved').length;
  const pct = (n: number, d: number): number => Math.round((n / d) * 10_000) / 100;
  return [
    { name: `cities ${code}: index build`, value: Math.round(buildMs), unit: 'ms', target: '< 1000 ms', pass: buildMs < 1000 },
    { name: `cities ${code}: resolve ${spellings.length} distinct spellings (${pct(matched, spellings.length)}% matched)`, value: Math.round(perSecond), unit: 'spellings/s', target: '>= 50000', pass: perSecond >= 50_000 },
    { name: `cities ${code}: realistic inputs resolved right`, value: pct(right, labelled.length), unit: '%', target: '>= 98', pass: right / labelled.length >= 0.98 },
    { name: `cities ${code}: realistic inputs resolved wrong`, value: pct(wrong, labelled.length), unit: '%', target: '<= 0.5', pass: wrong / labelled.length <= 0.005 },
    { name: `cities ${code}: garbage left unresolved`, value: pct(garbageUnresolved, garbage.length), unit: '%', target: '>= 95', pass: garbageUnresolved / garbage.length >= 0.95 }
  ];
}

export default async function citiesBench(): Promise<BenchResult[]> {
  return [...benchPack('ru'), ...benchPack('us')];
}
