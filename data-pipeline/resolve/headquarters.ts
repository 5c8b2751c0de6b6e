/**
 * The headquarters reference file (`id,name,city,region_code,lat,lon,opened,closed`): the published rows, and the
 * distance classifier's view of them (coordinates, open interval, the HQ city's GeoNames id, resolved once here).
 */
import type { Pack } from '../../geo/pack.ts';
import type { HeadquartersRow } from '../../shared/cube/format.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { csvObjects } from '../sources/csv/read-csv.ts';
import { parseIso } from '../validate/time.ts';
import type { ZoneClock } from '../../shared/time/zone-clock.ts';
import type { CityResolver } from './city-resolver.ts';
import type { Headquarters } from './distance.ts';

function num(value: string, file: string, row: number, field: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw new FatalInputError(`${file}: row ${row}: field "${field}": not a number: "${value}"`);
  return n;
}

export async function readHeadquarters(
  path: string,
  label: string,
  zone: ZoneClock,
  pack: Pack,
  resolver: CityResolver
): Promise<{ rows: HeadquartersRow[]; hqs: Headquarters[] }> {
  const rows: HeadquartersRow[] = [];
  const hqs: Headquarters[] = [];
  const regionName = new Map(pack.regions.map((r) => [r.code, r.nameLocal]));
  for await (const { row, values: v } of csvObjects(path, ['id', 'name', 'city', 'lat', 'lon', 'opened'])) {
    const opened = parseIso(v.opened, zone);
    if (Number.isNaN(opened)) throw new FatalInputError(`${label}: row ${row}: field "opened": not a date: "${v.opened}"`);
    const closed = v.closed ? parseIso(v.closed, zone) : Infinity;
    if (Number.isNaN(closed)) throw new FatalInputError(`${label}: row ${row}: field "closed": not a date: "${v.closed}"`);
    const lat = num(v.lat, label, row, 'lat');
    const lon = num(v.lon, label, row, 'lon');
    const region = v.region_code ? regionName.get(v.region_code) : undefined;
    const r = resolver.resolve(region ? `${v.city}, ${region}` : v.city);
    rows.push({
      id: v.id,
      name: v.name,
      city: v.city,
      regionCode: v.region_code || (r.status === 'matched' ? (r.regionCode ?? '') : ''),
      lat,
      lon,
      opened: new Date(opened).toISOString(),
      closed: Number.isFinite(closed) ? new Date(closed).toISOString() : null
    });
    hqs.push({ lat, lon, openedMs: opened, closedMs: closed, geonameId: r.status === 'matched' ? r.geonameId : null });
  }
  return { rows, hqs };
}
