/**
 * cities.arrow over HTTP, fetched only when the cities views come into sight: a module of its own so that its
 * Arrow decoder stays out of the first load's code, as the file stays out of its downloads.
 */
import { loadCityTable, type CityTable } from '$shared/cube/city-table';
import type { Manifest } from '$shared/cube/format';
import { overHttp } from './fetch-dataset';

/** Null when the data set was published without a city table. */
export function fetchCities(base: URL, manifest: Manifest): Promise<CityTable | null> {
  return overHttp(base, (read) => loadCityTable(read, manifest));
}
