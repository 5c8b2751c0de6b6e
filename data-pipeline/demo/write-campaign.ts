/**
 * The small files: headquarters.csv, events.csv and campaign.json (paths relative to it, `output` omitted
 * so the pipeline's default — ../static/data beside the config — applies).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine, RAW } from '../../shared/csv/csv.ts';
import type { CampaignConfig } from '../config/campaign.ts';
import type { DemoSpec } from './calendar.ts';
import type { DemoEvent } from './events.ts';
import type { Headquarters } from './headquarters.ts';
import type { Plan } from './plan.ts';
import { partnerFormat } from './partner.ts';
import { formatIso } from './time.ts';
import type { Timeline } from './timeline.ts';

export const HEADQUARTERS_HEADER = 'id,name,city,region_code,lat,lon,opened,closed';
export const EVENTS_HEADER = 'id,time,title,kind,region_code,url';

export function headquartersCsv(hqs: Headquarters[], t: Timeline, lang: 'ru' | 'en'): string {
  const lines = [HEADQUARTERS_HEADER];
  for (const h of hqs) {
    const city = lang === 'ru' ? h.city.name : h.city.nameEn || h.city.name;
    const closed = h.closedMs === null ? '' : formatIso(h.closedMs, t.campaign.at(h.closedMs));
    lines.push(csvLine([h.id, h.name, city, h.regionCode, h.lat.toFixed(5), h.lon.toFixed(5), formatIso(h.openedMs, t.campaign.at(h.openedMs)), closed], RAW));
  }
  return `${lines.join('\n')}\n`;
}

export function eventsCsv(events: DemoEvent[], t: Timeline): string {
  const lines = [EVENTS_HEADER];
  for (const e of events) {
    lines.push(csvLine([e.id, formatIso(e.ms, t.campaign.at(e.ms)), e.title, e.kind, e.regionCode, e.url], RAW));
  }
  return `${lines.join('\n')}\n`;
}

export const FILES = {
  registrations: 'registrations.csv',
  partner: 'partner.csv',
  headquarters: 'headquarters.csv',
  events: 'events.csv',
  deliveries: 'deliveries.csv'
} as const;

export function campaignConfig(spec: DemoSpec): CampaignConfig {
  return {
    name: spec.name,
    pack: spec.pack,
    timeZone: spec.timeZone,
    // The Russian demo speaks Russian by default, as a Russian campaign would.
    language: spec.lang,
    window: { ...spec.window },
    target: spec.target,
    totalCap: spec.totalCap,
    regionCap: spec.regionCap,
    nearKm: spec.nearKm,
    sources: [
      { kind: 'csv', name: 'site', path: FILES.registrations },
      { kind: 'csv', name: 'partner', path: FILES.partner, profile: partnerFormat(spec.lang).profile }
    ],
    headquarters: FILES.headquarters,
    events: FILES.events,
    deliveries: FILES.deliveries,
    report: { to: ['hq@example.org'], dashboardUrl: 'http://127.0.0.1:4173/' }
  };
}

export async function writeSmallFiles(dir: string, spec: DemoSpec, t: Timeline, hqs: Headquarters[], events: DemoEvent[]): Promise<void> {
  await writeFile(join(dir, FILES.headquarters), headquartersCsv(hqs, t, spec.lang));
  await writeFile(join(dir, FILES.events), eventsCsv(events, t));
}

export async function writeCampaignJson(dir: string, spec: DemoSpec): Promise<void> {
  await writeFile(join(dir, 'campaign.json'), `${JSON.stringify(campaignConfig(spec), null, 2)}\n`);
}

/** Where the demo keeps what it knows and the pipeline must not publish: beside the exports, outside any data folder. */
export const TRUTH_EVENTS = join('truth', 'events.json');

/** Event id → registrations it really added (rounded), for checking attribution against. */
export async function writeTruth(dir: string, plan: Plan): Promise<void> {
  await mkdir(join(dir, 'truth'), { recursive: true });
  const truth = Object.fromEntries([...plan.eventAdded].map(([id, x]) => [id, Math.round(x)]));
  await writeFile(join(dir, TRUTH_EVENTS), `${JSON.stringify(truth, null, 2)}\n`);
}
