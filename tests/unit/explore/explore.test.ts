import { describe, expect, it } from 'vitest';
import type { FileEntry, Manifest } from '../../../shared/cube/format.ts';
import { parseCsv } from '../../../shared/csv/csv.ts';
import { chartSpec, errorText, formatCell, formatTime, resultCsv, type ResultTable } from '../../../src/lib/explore/result.ts';
import { eventsTable, externalTables, headquartersTable, parquetViewSql, publishSql, sqlString } from '../../../src/lib/explore/tables.ts';
import { arrowTable, deliveriesArrow, registrationsArrow } from '../../../src/lib/explore/arrow-columns.ts';
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
  it('quotes text for SQL', () => {
    expect(sqlString("O'Region")).toBe("'O''Region'");
  });

  it('gives the cubes as Arrow tables: every dimension as its text, the paired distance codes as two columns, hours as UTC times', () => {
    const i32 = (...v: number[]) => Int32Array.from(v);
    const columns = { hour: i32(HOUR_2017_11_20, HOUR_2017_11_20 + 25), region: i32(1, 0), source: i32(0, 1), distance: i32(2, 0), registered: i32(3, 1), phone: i32(2, 0), email: i32(1, 1), questionnaire: i32(0, 1), future: i32(0, 0) };
    const t = registrationsArrow({ rows: 2, columns }, manifest.dimensions);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['hour', 'region', 'source', 'distance', 'distance_now', 'registered', 'phone', 'email', 'questionnaire', 'future']);
    const row = (i: number) => t.get(i)?.toJSON();
    expect(row(1)).toMatchObject({ region: 'RU-MOW', source: 'landing', distance: 'city', registered: 1, email: 1 });
    expect(row(0)).toMatchObject({ region: "O'Region", source: 'site', distance: 'far', distance_now: 'far', registered: 3, phone: 2 });
    expect([0, 1].map((i) => new Date(Number(t.getChild('hour')?.get(i))).toISOString())).toEqual(['2017-11-20T00:00:00.000Z', '2017-11-21T01:00:00.000Z']);
    const d = deliveriesArrow({ rows: 1, columns: { hour: i32(HOUR_2017_11_20), channel: i32(1), gateway: i32(0), status: i32(2), count: i32(9) } }, {
      ...manifest.dimensions,
      channel: ['sms', 'email'],
      gateway: ['alpha'],
      status: ['sent', 'delivered', 'failed']
    });
    expect(d.get(0)?.toJSON()).toMatchObject({ channel: 'email', gateway: 'alpha', status: 'failed', count: 9 });
  });

  it('stages JSON columns as Arrow text, numbers and nulls, typed as tableFromArrays typed them', () => {
    const t = arrowTable({ name: ['Мос', null, ''], n: [1.5, null, 3], none: [null, null, null], pop: Float64Array.from([7, 8, 9]) });
    expect(t.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['name:Utf8', 'n:Float64', 'none:Float64', 'pop:Float64']);
    expect(t.getChild('name')?.toArray()).toEqual(['Мос', null, '']);
    expect([...(t.getChild('n') ?? [])]).toEqual([1.5, null, 3]);
    expect(t.getChild('none')?.nullCount).toBe(3);
    expect(t.getChild('pop')?.get(2)).toBe(9);
    expect(arrowTable(headquartersTable([]).columns).numRows).toBe(0);
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
