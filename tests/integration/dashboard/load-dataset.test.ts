/**
 * The page's data loading against the synthetic data set served over HTTP on loopback: every way it can fail
 * becomes the LoadError the page shows, with the fetch's own reason kept.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import { fetchCore, fetchFirst, fetchHourly, fetchRegional, LoadError, type FileProgress } from '../../../src/lib/data/fetch-dataset.ts';
import { DAILY_CUBE_PATH, dailyRollup } from '../../../shared/cube/day-rollup.ts';
import { writeSyntheticDataset } from '../../support/synthetic-dataset.ts';

let dir: string;
let server: Server;
let base: URL;
/** What the server answers, by file name; a missing name is a 404, an Error a dropped connection. */
let files: Map<string, Uint8Array | Error>;
/** Send bodies in two writes without Content-Length (chunked), as a server that streams would. */
let chunked = false;

function serveSynthetic() {
  files = new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
}

function editManifest(edit: (m: Record<string, unknown>) => void) {
  const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json') as Uint8Array)) as Record<string, unknown>;
  edit(m);
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(m)));
}

/** Both stages, as the page runs them: what the first paint needs, then what the regional views need. */
async function fetchDataset(): Promise<Dataset> {
  const core = await fetchCore(base);
  return { ...core, ...(await fetchRegional(base, core.manifest)) };
}

async function failure(): Promise<LoadError> {
  const e: unknown = await fetchDataset().then(
    () => null,
    (err: unknown) => err
  );
  expect(e).toBeInstanceOf(LoadError);
  return e as LoadError;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-load-'));
  writeSyntheticDataset(dir);
  server = createServer((req, res) => {
    const body = files.get((req.url ?? '').replace(/^\/data\//, ''));
    if (body instanceof Error) return req.socket.destroy();
    if (!body) {
      res.statusCode = 404;
      return res.end('not found');
    }
    if (!chunked) return res.end(body); // one write: Node sends Content-Length
    const half = body.length >> 1;
    res.write(body.subarray(0, half));
    setTimeout(() => res.end(body.subarray(half)), 5);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/data/`);
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

describe('loading the data set', () => {
  beforeEach(() => {
    serveSynthetic();
    chunked = false;
  });

  for (const mode of ['with Content-Length', 'chunked, size unknown'] as const) {
    it(`reports each file's download as it arrives (${mode})`, async () => {
      chunked = mode !== 'with Content-Length';
      const heard: FileProgress[] = [];
      await fetchCore(base, (p) => heard.push({ ...p }));
      const paths = [...new Set(heard.map((p) => p.path))].sort();
      expect(paths).toEqual(['events.json', 'headquarters.json', 'manifest.json', 'regions.json', 'registrations.tbc']);
      for (const path of paths) {
        const size = (files.get(path) as Uint8Array).length;
        const reports = heard.filter((p) => p.path === path);
        expect(reports[0].loaded).toBe(0);
        expect(reports.at(-1)!.loaded).toBe(size);
        for (let i = 1; i < reports.length; i++) expect(reports[i].loaded).toBeGreaterThanOrEqual(reports[i - 1].loaded);
        for (const r of reports) expect(r.total).toBe(chunked ? null : size);
      }
      if (chunked) expect(heard.filter((p) => p.path === 'registrations.tbc').length).toBeGreaterThan(2);
    });
  }

  it('loads every file and checks it', async () => {
    const ds: Dataset = await fetchDataset();
    expect(ds.registrations.rows).toBeGreaterThan(0);
    expect(ds.events.length).toBeGreaterThan(0);
    // Decoded in hour order, the order the engine's day index needs.
    const hours = ds.registrations.columns.hour;
    for (let i = 1; i < hours.length; i++) expect(hours[i]).toBeGreaterThanOrEqual(hours[i - 1]);
  });

  it('says the data is missing when manifest.json is', async () => {
    files.delete('manifest.json');
    const e = await failure();
    expect([e.kind, e.message]).toEqual(['missing', 'data/manifest.json not found (HTTP 404)']);
  });

  it('says a file is damaged when its hash does not match', async () => {
    const cube = (files.get('registrations.tbc') as Uint8Array).slice();
    cube[cube.length >> 1] ^= 0xff;
    files.set('registrations.tbc', cube);
    const e = await failure();
    expect(e.kind).toBe('corrupt');
    expect(e.message).toBe('registrations.tbc: content hash does not match manifest.json (file changed or corrupt)');
  });

  it('says a listed file is damaged when it is not there', async () => {
    files.delete('events.json');
    const e = await failure();
    expect([e.kind, e.message]).toEqual(['corrupt', 'data/events.json is listed in manifest.json but not found (HTTP 404)']);
  });

  it('reports another format version before any file it lists', async () => {
    editManifest((m) => (m.version = 99));
    files.delete('registrations.tbc');
    const e = await failure();
    expect(e.kind).toBe('version');
    expect(e.message).toMatch(/^manifest\.json has format version 99/);
  });

  it('keeps a connection dropped in the middle of a body as the reason', async () => {
    chunked = true;
    // Half the cube is sent, then the connection goes.
    const drop = (req: IncomingMessage) => {
      if (req.url?.endsWith('registrations.tbc')) setTimeout(() => req.socket.destroy(), 1);
    };
    server.on('request', drop);
    const e = await failure().finally(() => server.off('request', drop));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/^registrations\.tbc: /);
  });

  it('keeps a failed fetch as the reason', async () => {
    files.set('shapes.json', new Error('connection dropped'));
    const e = await failure();
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/^shapes\.json: /);
  });

  it('says a manifest that is not JSON is damaged', async () => {
    files.set('manifest.json', new TextEncoder().encode('{ not json'));
    const e = await failure();
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/^manifest\.json: /);
  });

  it('paints from the daily roll-up when the manifest lists it, then loads the hourly cube of the same manifest', async () => {
    const first = await fetchFirst(base);
    const entry = first.manifest.files.registrationsDaily!;
    expect(first.daily).toBe(true);
    expect(first.registrations.rows).toBe(entry.rows);
    const hourly = await fetchHourly(base, first);
    expect(hourly.daily).toBeUndefined();
    expect(hourly.manifest).toBe(first.manifest);
    expect(hourly.events).toBe(first.events);
    expect(hourly.registrations.rows).toBe(first.manifest.files.registrations.rows);
    // The roll-up is the hourly cube summed to local days (both decoded in hour order).
    expect(dailyRollup(hourly.registrations, first.manifest.campaign.timeZone)).toEqual(first.registrations);
  });

  it('loads a data set without the roll-up (published before it) from the hourly cube', async () => {
    editManifest((m) => delete (m.files as Record<string, unknown>).registrationsDaily);
    files.delete(DAILY_CUBE_PATH);
    const first = await fetchFirst(base);
    expect(first.daily).toBeUndefined();
    expect(first.registrations.rows).toBe(first.manifest.files.registrations.rows);
  });

  it('says the roll-up is damaged when its hash does not match, and so for the hourly cube after it', async () => {
    const first = await fetchFirst(base);
    const cube = (files.get('registrations.tbc') as Uint8Array).slice();
    cube[cube.length >> 1] ^= 0xff;
    files.set('registrations.tbc', cube);
    const hourly: unknown = await fetchHourly(base, first).catch((e: unknown) => e);
    expect(hourly).toBeInstanceOf(LoadError);
    expect((hourly as LoadError).message).toBe('registrations.tbc: content hash does not match manifest.json (file changed or corrupt)');
    const daily = (files.get(DAILY_CUBE_PATH) as Uint8Array).slice();
    daily[daily.length >> 1] ^= 0xff;
    files.set(DAILY_CUBE_PATH, daily);
    const e: unknown = await fetchFirst(base).catch((err: unknown) => err);
    expect((e as LoadError).kind).toBe('corrupt');
    expect((e as LoadError).message).toBe(`${DAILY_CUBE_PATH}: content hash does not match manifest.json (file changed or corrupt)`);
  });
});
