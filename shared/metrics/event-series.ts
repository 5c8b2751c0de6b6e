/**
 * The hourly registration series attribution is measured on, straight from the registrations cube: the
 * national total and the series of every region an event is held in. Read from the unfiltered cube, not the
 * dashboard's current filters, so every view and the report attribute the same registrations.
 */
import type { CoreData } from '../cube/dataset';
import { isCancelled } from '../cube/format';
import { attributeEvents, type AttributionInput, type EventAttribution } from './attribution';

export function eventSeries(data: Pick<CoreData, 'manifest' | 'registrations' | 'events'>): AttributionInput<CoreData['events'][number]> {
  const { hour, region, registered } = data.registrations.columns;
  const { first, last } = data.manifest.hours;
  // A cancelled event caused nothing: given a column, it would take registrations from the events that did happen.
  const events = data.events.filter((e) => !isCancelled(e));
  const wanted = new Set(events.map((e) => e.regionCode).filter((c): c is string => c !== null));
  const codes = data.manifest.dimensions.region;
  const length = last - first + 1;
  const national = new Float64Array(length);
  const byIndex = new Map<number, Float64Array>();
  codes.forEach((code, i) => {
    if (wanted.has(code)) byIndex.set(i, new Float64Array(length));
  });
  for (let i = 0; i < data.registrations.rows; i++) {
    const h = hour[i] - first;
    national[h] += registered[i];
    const r = byIndex.get(region[i]);
    if (r) r[h] += registered[i];
  }
  return {
    national: { first, values: national },
    regions: new Map([...byIndex].map(([i, values]) => [codes[i], { first, values }])),
    events
  };
}

/** Every event's attribution from a data set: what the dashboard, the report and `tallyboard events` show. */
export function attributeDataset(data: Pick<CoreData, 'manifest' | 'registrations' | 'events'>): Map<string, EventAttribution> {
  return attributeEvents(eventSeries(data));
}
