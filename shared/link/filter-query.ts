/**
 * Filter state ⇄ URL query, so a view can be shared as a link and the back button walks through filters.
 * `from`/`to` are ISO hours in UTC ("2017-12-10T15:00Z"), `to` exclusive; lists are comma-separated;
 * defaults are omitted so the plain URL is the whole campaign. Unknown codes are dropped rather than
 * failing, because a link may outlive a dictionary entry.
 */
import { STAGES, type Manifest, type Stage } from '../cube/format';
import type { FilterState } from '../scan/types';
import { hourOfMs, isoOfHour } from '../time/hours';

function parseHour(text: string | null): number | null {
  if (!text) return null;
  // "2017-12-10T15" is a valid ISO hour for a person typing a link; Date.parse wants minutes.
  const normalized = /T\d\d$/.test(text) ? `${text}:00Z` : text;
  const ms = Date.parse(normalized);
  return Number.isFinite(ms) ? hourOfMs(ms) : null;
}

function list(params: URLSearchParams, key: string, allowed: string[]): string[] {
  const raw = params.get(key);
  if (!raw) return [];
  const known = new Set(allowed);
  return [...new Set(raw.split(',').map((s) => s.trim()))].filter((s) => known.has(s));
}

export function filtersFromQuery(search: string | URLSearchParams, dims: Manifest['dimensions']): FilterState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const from = parseHour(params.get('from'));
  const to = parseHour(params.get('to'));
  const stage = params.get('stage');
  return {
    hours: from !== null && to !== null && to > from ? [from, to] : null,
    regions: list(params, 'region', dims.region),
    sources: list(params, 'source', dims.source),
    distance: list(params, 'distance', dims.distance),
    stage: STAGES.includes(stage as Stage) ? (stage as Stage) : 'registered'
  };
}

export function queryFromFilters(f: FilterState): string {
  const params = new URLSearchParams();
  if (f.hours) {
    params.set('from', isoOfHour(f.hours[0]));
    params.set('to', isoOfHour(f.hours[1]));
  }
  if (f.regions.length) params.set('region', f.regions.join(','));
  if (f.sources.length) params.set('source', f.sources.join(','));
  if (f.distance.length) params.set('distance', f.distance.join(','));
  if (f.stage !== 'registered') params.set('stage', f.stage);
  const q = params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
  return q ? `?${q}` : '';
}

/**
 * A region's own view is `?focus=CODE`, a query parameter rather than a route: the static build has one page and
 * cannot prerender a route per region of every pack, and a query keeps the filters and the bookmark in one URL.
 */
export const FOCUS_PARAM = 'focus';

export function focusFromQuery(search: string | URLSearchParams, dims: Manifest['dimensions']): string | null {
  const code = (typeof search === 'string' ? new URLSearchParams(search) : search).get(FOCUS_PARAM);
  return code !== null && dims.region.includes(code) ? code : null;
}

/** The filters' query with the focus kept: the page writes the URL on every filter change. */
export function withFocus(query: string, focus: string | null): string {
  if (focus === null) return query;
  return `${query ? `${query}&` : '?'}${FOCUS_PARAM}=${encodeURIComponent(focus)}`;
}

/** The query parameters that open the dashboard on some regions: filtered to them, and one region in its own view. */
export function regionLinkParams(regions: readonly string[]): [string, string][] {
  if (regions.length === 0) return [];
  const filter: [string, string] = ['region', regions.join(',')];
  return regions.length === 1 ? [filter, [FOCUS_PARAM, regions[0]]] : [filter];
}

/** A link from the map or the table to a region's own view, keeping the other filters (time, source, stage). */
export function focusHref(f: FilterState, code: string): string {
  return withFocus(queryFromFilters({ ...f, regions: [code] }), code);
}
