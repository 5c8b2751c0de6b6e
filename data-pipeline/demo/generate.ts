/**
 * The demo campaign generator: plan (pure) → small files → the big exports (streamed) → campaign.json last,
 * so a folder with a campaign.json is a complete one. Everything derives from the seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPack, type Pack, type PackCode } from '../../geo/pack.ts';
import { SPECS, type DemoSpec } from './calendar.ts';
import { makeSpeller } from './city-spelling.ts';
import { planEvents, type DemoEvent } from './events.ts';
import { planHeadquarters, type Headquarters } from './headquarters.ts';
import { planRegistrations, type Plan } from './plan.ts';
import { rngFor } from './prng.ts';
import { writeRegistrations, type RegistrationStats } from './registrations.ts';
import { buildTimeline, type Timeline } from './timeline.ts';
import { FILES, writeCampaignJson, writeSmallFiles, writeTruth } from './write-campaign.ts';

export const DEMO_VERSION = 1;
export const DEFAULT_SEED = 'tallyboard';

export interface Prepared {
  pack: Pack;
  spec: DemoSpec;
  timeline: Timeline;
  headquarters: Headquarters[];
  events: DemoEvent[];
  plan: Plan;
}

/** Everything but the rows: pure, fast enough for tests at the default size. */
export function prepareDemo(packCode: PackCode, n: number, seed: string = DEFAULT_SEED): Prepared {
  const pack = loadPack(packCode);
  const spec = SPECS[packCode];
  const timeline = buildTimeline(spec);
  const headquarters = planHeadquarters(pack, spec, timeline.endMs, rngFor(seed, 'headquarters'));
  const events = planEvents(pack, spec, timeline, headquarters, rngFor(seed, 'events'));
  const plan = planRegistrations(pack, spec, timeline, headquarters, events, n, rngFor(seed, 'plan'));
  return { pack, spec, timeline, headquarters, events, plan };
}

export interface DemoOptions {
  pack: PackCode;
  registrations?: number;
  seed?: string;
  out: string;
  log?: (message: string) => void;
}

export interface DemoResult {
  prepared: Prepared;
  stats: RegistrationStats;
  elapsedMs: number;
}

export async function generateDemo(o: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const seed = o.seed ?? DEFAULT_SEED;
  const n = o.registrations ?? SPECS[o.pack].defaultRegistrations;
  const log = o.log ?? (() => {});
  const secs = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  await mkdir(o.out, { recursive: true });

  const prepared = prepareDemo(o.pack, n, seed);
  const { spec, timeline, headquarters, events } = prepared;
  log(`plan: ${n.toLocaleString('en-US')} registrations over ${timeline.hours.toLocaleString('en-US')} hours × ${prepared.plan.regions.length} regions (${secs()})`);
  await writeSmallFiles(o.out, spec, timeline, headquarters, events);
  log(`${FILES.headquarters}: ${headquarters.length} rows; ${FILES.events}: ${events.length} rows (${secs()})`);

  let nextReport = 100_000;
  const stats = await writeRegistrations({
    pack: prepared.pack,
    plan: prepared.plan,
    speller: makeSpeller(prepared.pack),
    seed,
    dir: o.out,
    onProgress: (rows) => {
      if (rows >= nextReport) {
        log(`registrations: ${rows.toLocaleString('en-US')} rows (${secs()})`);
        while (nextReport <= rows) nextReport += 100_000;
      }
    }
  });
  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  log(`${FILES.registrations}: ${stats.site.toLocaleString('en-US')} rows, ${mb(stats.bytes.registrations)} (${Object.values(stats.bad).reduce((a, b) => a + b, 0)} broken on purpose)`);
  log(`${FILES.partner}: ${stats.partner.toLocaleString('en-US')} rows, ${mb(stats.bytes.partner)}`);
  log(`${FILES.deliveries}: ${stats.deliveries.toLocaleString('en-US')} rows, ${mb(stats.bytes.deliveries)}`);

  await writeFile(
    join(o.out, 'demo.json'),
    `${JSON.stringify({ generator: 'tallyboard demo', version: DEMO_VERSION, pack: o.pack, registrations: n, seed, rows: { registrations: stats.site, partner: stats.partner, deliveries: stats.deliveries, headquarters: headquarters.length, events: events.length }, broken: stats.bad }, null, 2)}\n`
  );
  await writeTruth(o.out, prepared.plan);
  await writeCampaignJson(o.out, spec);
  log(`campaign.json written (${secs()})`);
  return { prepared, stats, elapsedMs: performance.now() - t0 };
}
