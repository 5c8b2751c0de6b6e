/**
 * What the person looking at the page chose, carried over to a new data set: the filters go through their URL
 * form, so a region or source is matched by its code even when the new dictionaries number them differently, and
 * a zoomed-in window stays where it was unless the person was looking at the whole campaign, which then grows with
 * the new hours.
 */
import type { Manifest } from '$shared/cube/format';
import { filtersFromQuery, queryFromFilters } from '$shared/link/filter-query';
import type { FilterState } from '$shared/scan/types';
import { clampDomain } from './zoom';

export function carryFilters(filters: FilterState, next: Manifest['dimensions']): FilterState {
  return filtersFromQuery(queryFromFilters(filters), next);
}

export function carryDomain(bounds: [number, number], domain: [number, number], nextBounds: [number, number]): [number, number] {
  if (domain[0] === bounds[0] && domain[1] === bounds[1]) return nextBounds;
  return clampDomain(nextBounds, domain);
}

export function boundsOf(manifest: Manifest): [number, number] {
  return [manifest.hours.first, manifest.hours.last + 1];
}
