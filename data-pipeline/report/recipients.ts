/**
 * Who gets which report: `report.to` and plain entries of `report.recipients` get the national one; an entry with
 * `regions` gets the report scoped to them. Recipients with the same scope and language share one built report, so
 * a run builds each distinct report once however many coordinators read it.
 */
import type { CampaignConfig } from '../config/campaign.ts';

/** A report's scope and language; `regions` null is the national report. */
export interface ReportScope {
  regions: string[] | null;
  language: string;
}

export interface ScopedRecipients {
  scope: ReportScope;
  to: string[];
}

/** Until the i18n messages land the report is written in English whatever a recipient asks for. */
export const DEFAULT_LANGUAGE = 'en';

export class RecipientError extends Error {}

/** The ledger's and the grouping's name for a scope: sorted codes, so ["B","A"] and ["A","B"] are one scope. */
export function scopeKey(regions: readonly string[] | null): string {
  return regions === null ? '' : [...new Set(regions)].sort().join(',');
}

/**
 * `cliTo` (--to) replaces the config's recipients with national ones, as before recipients existed.
 * Unknown region codes fail the run: a typo would otherwise mail a coordinator an empty report every morning.
 */
export function reportRecipients(report: CampaignConfig['report'], knownRegions: readonly string[], cliTo?: string[]): ScopedRecipients[] {
  const entries = cliTo ?? [...(report?.to ?? []), ...(report?.recipients ?? [])];
  const known = new Set(knownRegions);
  const groups = new Map<string, ScopedRecipients>();
  for (const entry of entries) {
    const { to, regions, language } = typeof entry === 'string' ? { to: entry, regions: undefined, language: undefined } : entry;
    const unknown = (regions ?? []).filter((code) => !known.has(code));
    if (unknown.length > 0) throw new RecipientError(`report recipient ${to}: unknown region code(s) ${unknown.join(', ')}`);
    const scope: ReportScope = { regions: regions ? scopeKey(regions).split(',') : null, language: language ?? DEFAULT_LANGUAGE };
    const key = `${scopeKey(scope.regions)}|${scope.language}`;
    const group = groups.get(key) ?? groups.set(key, { scope, to: [] }).get(key)!;
    if (!group.to.some((t) => t.toLowerCase() === to.toLowerCase())) group.to.push(to);
  }
  return [...groups.values()];
}
