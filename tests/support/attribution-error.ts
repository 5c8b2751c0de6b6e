/**
 * Attribution against the demo's truth: generate a campaign, build it, attribute its events from the published
 * set and compare with truth/events.json (which the build never sees). Shared by the test and the bench.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../data-pipeline/demo/generate.ts';
import { TRUTH_EVENTS } from '../../data-pipeline/demo/write-campaign.ts';
import { runBuild } from '../../data-pipeline/pipeline.ts';
import { Progress } from '../../data-pipeline/step-log.ts';
import { loadCore } from '../../shared/cube/dataset.ts';
import { attributeDataset } from '../../shared/metrics/event-series.ts';

/** The bar: events that added at least this many registrations are scored. */
export const SCORED = 1_000;
/** Seeds the response curves were tuned on, and seeds held out from tuning. */
export const TUNING_SEEDS = ['a1', 'a2', 'a3'];
export const HELD_OUT_SEEDS = ['h1', 'h2'];

export interface Scored {
  id: string;
  kind: string;
  truth: number;
  lift: number;
  low: number;
  high: number;
}

export interface CampaignError {
  pack: 'ru' | 'us';
  seed: string;
  scored: Scored[];
  /** Share of scored events within ±25 % of the truth. */
  within25: number;
  /** Scored events credited with more than twice their truth. */
  overTwice: number;
  /** Share of scored events whose range holds the truth. */
  covered: number;
}

export function scoreCampaign(pack: 'ru' | 'us', seed: string, scored: Scored[]): CampaignError {
  const n = Math.max(1, scored.length);
  return {
    pack,
    seed,
    scored,
    within25: scored.filter((s) => Math.abs(s.lift - s.truth) <= 0.25 * s.truth).length / n,
    overTwice: scored.filter((s) => s.lift > 2 * s.truth).length,
    covered: scored.filter((s) => s.low <= s.truth && s.truth <= s.high).length / n
  };
}

export async function attributionError(pack: 'ru' | 'us', seed: string, registrations: number): Promise<CampaignError> {
  const dir = mkdtempSync(join(tmpdir(), `tb-attrib-${pack}-${seed}-`));
  try {
    const raw = join(dir, 'raw');
    await generateDemo({ pack, registrations, seed, out: raw });
    const built = await runBuild({ config: join(raw, 'campaign.json'), out: join(dir, 'published'), progress: new Progress({ out: () => undefined, live: false }) });
    const core = await loadCore(async (p) => new Uint8Array(await readFile(join(built.outDir, p))));
    const truth = JSON.parse(readFileSync(join(raw, TRUTH_EVENTS), 'utf8')) as Record<string, number>;
    const attribution = attributeDataset(core);
    const scored = core.events
      .filter((e) => (truth[e.id] ?? 0) >= SCORED)
      .map((e) => {
        const a = attribution.get(e.id);
        return { id: e.id, kind: e.kind, truth: truth[e.id], lift: a?.lift ?? 0, low: a?.low ?? 0, high: a?.high ?? 0 };
      });
    return scoreCampaign(pack, seed, scored);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
