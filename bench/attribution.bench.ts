/**
 * Event attribution against the demo's truth (truth/events.json), at 150k registrations, both packs: the
 * seeds the response curves were tuned on and seeds held out from tuning, reported apart. Each campaign is
 * generated and built with the real pipeline (~40 s each on 2 busy cores), so this bench takes minutes.
 */
import { loadavg } from 'node:os';
import { attributionError, HELD_OUT_SEEDS, TUNING_SEEDS, type CampaignError } from '../tests/support/attribution-error.ts';
import type { BenchResult } from './types.ts';

const N = 150_000;

function summary(label: string, runs: CampaignError[]): BenchResult[] {
  const scored = runs.flatMap((r) => r.scored);
  const n = Math.max(1, scored.length);
  const within = scored.filter((s) => Math.abs(s.lift - s.truth) <= 0.25 * s.truth).length / n;
  const over = scored.filter((s) => s.lift > 2 * s.truth).length;
  const covered = scored.filter((s) => s.low <= s.truth && s.truth <= s.high).length / n;
  const median = scored.map((s) => Math.abs(s.lift - s.truth) / s.truth).sort((a, b) => a - b)[scored.length >> 1] ?? 0;
  return [
    { name: `${label}: events ≥ 1,000 scored`, value: scored.length, unit: 'events' },
    { name: `${label}: within ±25 % of truth`, value: Math.round(within * 1000) / 10, unit: '%', target: '≥ 80 %', pass: within >= 0.8 },
    { name: `${label}: credited over twice the truth`, value: over, unit: 'events', target: '0', pass: over === 0 },
    { name: `${label}: median |error|`, value: Math.round(median * 1000) / 10, unit: '%' },
    { name: `${label}: truth inside low–high`, value: Math.round(covered * 1000) / 10, unit: '%' }
  ];
}

export default async function attributionBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const pack of ['ru', 'us'] as const) {
    for (const [label, seeds] of [['tuning', TUNING_SEEDS], ['held out', HELD_OUT_SEEDS]] as const) {
      const runs: CampaignError[] = [];
      for (const seed of seeds) {
        const r = await attributionError(pack, seed, N);
        runs.push(r);
        const load = loadavg().map((x) => x.toFixed(1)).join(' ');
        process.stdout.write(`  ${pack} ${seed}: ${r.scored.length} events ≥ 1,000, ${(r.within25 * 100).toFixed(0)} % within ±25 %, ${r.overTwice} over 2× (load ${load})\n`);
      }
      out.push(...summary(`${pack} ${label} (${seeds.join(', ')})`, runs));
    }
  }
  return out;
}
