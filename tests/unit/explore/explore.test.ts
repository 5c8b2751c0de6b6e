import { describe, expect, it } from 'vitest';
import type { FileEntry, Manifest } from '../../../shared/cube/format.ts';
import { parseCsv } from '../../../shared/csv/csv.ts';
import { chartSpec, errorText, formatCell, formatTime, resultCsv, type ResultTable } from '../../../src/lib/explore/result.ts';
import { decoded, eventsTable, externalTables, parquetViewSql, publishSql, registrationsSelect, sqlString } from '../../../src/lib/explore/tables.ts';
import { examples } from '../../../src/lib/explore/examples.ts';
import { startupSummary } from '../../../src/lib/explore/progress.ts';

const entry = (path: string): FileEntry => ({ path, bytes: 1, sha256: 'x', rows: 1 });
const files = {
  registrations: entry('registrations.tbc'),
  deliveries: entry('deliveries.tbc'),
  regions: entry('regions.json'),
  headquarters: entry('headquarters.json'),
  events: entry('events.json'),
  shapes: entry('shapes.json')
};
const HOUR_2017_11_20 = Date.UTC(2017, 10, 20) / 3_600_000;
const manifest = {
  campaign: { timeZone: 'Europe/Moscow' },
  hours: { first: HOUR_2017_11_20, last: HOUR_2017_11_20 + 100 },
  dimensions: { region: ['RU-MOW', "O'Region"], source: ['site', 'landing'], distance: ['city', 'near', 'far', 'unknown'], channel: [], gateway: [], status: [] },
  files
} as unknown as Manifest;

describe('SQL page: tables', () => {
  it('quotes text for SQL and decodes a dictionary index, 0-based, into SQL’s 1-based list', () => {
    expect(sqlString("O'Region")).toBe("'O''Region'");
    expect(decoded('region', ['A', "B'"])).toBe("['A', 'B'''][region + 1]");
  });

  it('decodes every registrations dimension and the hour', () => {
    const select = registrationsSelect(manifest.dimensions);
    expect(select).toContain('epoch_ms(hour::BIGINT * 3600000) AS hour');
    expect(select).toContain("['RU-MOW', 'O''Region'][region + 1] AS region");
    expect(select).toContain("['site', 'landing'][source + 1] AS source");
    expect(select).toContain('AS distance');
    expect(select).toContain('AS distance_now');
    expect(select).toContain('registered, phone, email, questionnaire, future');
  });

  it('attaches Arrow and Parquet files of the manifest by their keys, and nothing else', () => {
    expect(externalTables(files)).toEqual([]);
    const withCities = { ...files, cities: entry('cities.arrow'), registrations: entry('registrations.parquet') };
    expect(externalTables(withCities as Manifest['files'])).toEqual([
      { name: 'registrations', path: 'registrations.parquet', format: 'parquet' },
      { name: 'cities', path: 'cities.arrow', format: 'arrow' }
    ]);
    expect(parquetViewSql({ name: 'cities', path: 'cities.parquet', format: 'parquet' })).toBe("CREATE OR REPLACE VIEW cities AS SELECT * FROM 'cities.parquet'");
  });

  it('stages JSON rows with times as epoch milliseconds, and publishes them as TIMESTAMP', () => {
    const t = eventsTable([{ id: 'e', time: '2017-11-20T12:00:00.000Z', title: 'Rally', kind: 'rally', regionCode: null, url: null }]);
    expect(t.columns.time).toEqual([Date.UTC(2017, 10, 20, 12)]);
    expect(t.columns.region).toEqual([null]);
    expect(publishSql(t)).toBe(`CREATE OR REPLACE TABLE events AS SELECT ${t.select} FROM _staged_events; DROP TABLE _staged_events`);
    expect(t.select).toContain('epoch_ms(time::BIGINT) AS time');
  });
});

describe('SQL page: results', () => {
  const daily: ResultTable = {
    columns: [
      { name: 'day', kind: 'time' },
      { name: 'source', kind: 'text' },
      { name: 'n', kind: 'number' }
    ],
    rows: [
      [Date.UTC(2017, 10, 20), 'site', 3],
      [Date.UTC(2017, 10, 21), '=cmd', -2]
    ]
  };

  it('charts a time column as a line, a category as bars, and nothing without a number', () => {
    expect(chartSpec(daily)).toEqual({ kind: 'line', x: 0, y: [2] });
    expect(chartSpec({ columns: daily.columns.slice(1), rows: daily.rows.map((r) => r.slice(1)) })).toEqual({ kind: 'bar', x: 0, y: [1] });
    expect(chartSpec({ columns: daily.columns.slice(0, 2), rows: daily.rows.map((r) => r.slice(0, 2)) })).toBeNull();
    expect(chartSpec({ columns: daily.columns, rows: daily.rows.slice(0, 1) })).toBeNull();
  });

  it('writes times in UTC, whole days as dates, and NULL as such', () => {
    expect(formatTime(Date.UTC(2017, 10, 20))).toBe('2017-11-20');
    expect(formatTime(Date.UTC(2017, 10, 20, 15))).toBe('2017-11-20 15:00');
    expect(formatCell(null, 'number')).toBe('NULL');
  });

  it('exports CSV through the project writer: times as text, formulas defused, numbers kept', () => {
    const rows = parseCsv(resultCsv(daily));
    expect(rows).toEqual([
      ['day', 'source', 'n'],
      ['2017-11-20', 'site', '3'],
      ['2017-11-21', "'=cmd", '-2']
    ]);
  });

  it('shows DuckDB’s message, not the JavaScript wrapping', () => {
    expect(errorText(new Error('Error: Binder Error: column "nope" not found'))).toBe('Binder Error: column "nope" not found');
    expect(errorText('plain')).toBe('plain');
  });
});

describe('SQL page: examples and start-up', () => {
  it('writes the examples for the campaign’s time zone and sources', () => {
    const [profile, sources, funnel] = examples(manifest);
    expect(profile.sql).toContain('hour + INTERVAL 3 HOUR');
    expect(sources.sql).toContain(`FILTER (WHERE source = 'landing') AS "landing"`);
    expect(funnel.sql).toContain('UNPIVOT');
  });

  it('counts the module and the data files in one download, then says what it does', () => {
    const files = new Map([['registrations.tbc', { loaded: 500_000, total: 1_000_000 }]]);
    const s = startupSummary({ engine: { loaded: 1_500_000, total: 3_000_000 }, files, step: 'downloading' });
    expect(s.fraction).toBe(0.5);
    expect(s.text).toContain('2.0 of 4.0 MB');
    expect(startupSummary({ engine: { loaded: 0, total: null }, files, step: 'attaching' }).text).toMatch(/Attaching/);
  });
});
