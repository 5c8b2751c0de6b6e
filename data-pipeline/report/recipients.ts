/**
 * Who gets which report: `report.to` and plain entries of `report.recipients` get the national one; an entry with
 * `regions` gets the report scoped to them. Recipients with the same scope and language share one built report, so
 * a run builds each distinct report once however many coordinators read it.
 */
import type { CampaignConfig } from '../config/campaign.ts';
import { languageOf, type Language } from '../../shared/i18n/language.ts';

/** A report's scope and language; `regions` null is the national report, `language` null the campaign's own. */
export interface ReportScope {
  regions: string[] | null;
  language: Language | null;
}

export interface ScopedRecipients {
  scope: ReportScope;
  to: string[];
}

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
    if (language !== undefined && languageOf(language) === null) throw new RecipientError(`report recipient ${to}: no messages for language "${language}"`);
    const scope: ReportScope = { regions: regions ? scopeKey(regions).split(',') : null, language: languageOf(language) };
    const key = `${scopeKey(scope.regions)}|${scope.language ?? ''}`;
    const group = groups.get(key) ?? groups.set(key, { scope, to: [] }).get(key)!;
    if (!group.to.some((t) => t.toLowerCase() === to.toLowerCase())) group.to.push(to);
  }
  return [...groups.values()];
}
