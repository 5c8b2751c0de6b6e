import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOsdiSource, type OsdiOptions, type OsdiSourceConfig } from '../../../data-pipeline/sources/osdi/people.ts';
import type { RawRecord } from '../../../data-pipeline/sources/types.ts';
import { startFakeOsdi, type FakeOsdi, type Route } from '../../support/fake-osdi.ts';
import { failure, readRecords } from '../../support/records.ts';

const TOKEN = 'tok-5ecret-0sdi-9f8e7d';
const ENV = { TEST_OSDI_TOKEN: TOKEN };
const fixture = (name: string) => readFileSync(resolve('tests/fixtures/osdi', name), 'utf8');
const PAGES: Record<string, Route> = {
  '/api/v2/people': { body: fixture('people-page-1.json') },
  '/api/v2/people?page=2': { body: fixture('people-page-2.json') },
  '/api/v2/people?page=3': { body: fixture('people-page-3.json') }
};
/** Everything personal in the fixtures: none of it may reach `fields`. */
const PERSONAL = ['Olivia', 'Testperson', 'olivia.testperson@example.com', '15555550101', '12 Example Street', '62701', 'Marcus', 'Sampleton',
  'm.sampleton@example.net', '77 Lakeview', '400 Old Road', 'no.address@example.org', 'Priya', 'Fakename', '15555550104', '78701', 'Tomás',
  '9 Bayou Ln', 'lena.invented@example.com', 'Invented', 'favourite_colour', '39.8'];

let servers: FakeOsdi[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(routes: Record<string, Route>): Promise<FakeOsdi> {
  const s = await startFakeOsdi(routes, { token: TOKEN });
  servers.push(s);
  return s;
}

function source(url: string, opts: OsdiOptions & { pageLimit?: number } = {}, logs: string[] = []) {
  const cfg: OsdiSourceConfig = { kind: 'osdi', name: 'action-network', url, tokenEnv: 'TEST_OSDI_TOKEN', pageLimit: opts.pageLimit };
  return createOsdiSource(cfg, ENV, { retryBaseMs: 10, log: (m) => logs.push(m), ...opts });
}


describe('OSDI source', () => {
  it('reads every page, maps the fields and sends the token on every request', async () => {
    const s = await serve(PAGES);
    const recs = await readRecords(source(`${s.origin}/api/v2/people`));
    expect(recs.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(recs.map((r) => r.origin)).toEqual([
      ...Array(3).fill(`${s.origin}/api/v2/people`),
      ...Array(2).fill(`${s.origin}/api/v2/people?page=2`),
      `${s.origin}/api/v2/people?page=3`
    ]);
    expect(recs.every((r) => r.source === 'action-network' && r.readError === undefined)).toBe(true);
    expect(recs[0].fields).toEqual({
      id: 'action_network:7f1c0a52-0001-4c1e-9a51-000000000001',
      created_at: '2024-03-01T09:15:00Z',
      city: 'Springfield',
      region: 'IL',
      phone_confirmed_at: '2024-03-01T09:20:00Z',
      email_confirmed_at: '2024-03-01T10:02:00Z',
      questionnaire_at: '2024-03-03T18:30:00Z'
    });
    // The primary address wins even when listed second; no address → null city/region.
    expect(recs[1].fields).toMatchObject({ city: 'Chicago', region: 'IL', email_confirmed_at: '2024-03-01T12:00:00Z' });
    expect(recs[1].fields.phone_confirmed_at).toBeUndefined();
    expect(recs[2].fields).toEqual({ id: 'action_network:7f1c0a52-0003-4c1e-9a51-000000000003', created_at: '2024-03-02T08:05:00Z', city: null, region: null });
    expect(recs.map((r) => r.fields.city)).toEqual(['Springfield', 'Chicago', null, 'Austin', 'New Orleans', 'Portland']);
    expect(recs[5].fields.created_at).toBe('2024-03-06T13:45:10Z');

    const fieldsText = JSON.stringify(recs.map((r) => r.fields));
    for (const p of PERSONAL) expect(fieldsText).not.toContain(p);
    // raw keeps the person as read (for the private rejects file), without its links.
    expect(JSON.parse(recs[0].raw).given_name).toBe('Olivia');
    expect(recs[0].raw).not.toContain('_links');

    expect(s.requests).toEqual(['/api/v2/people', '/api/v2/people?page=2', '/api/v2/people?page=3']);
    expect(s.tokens.every((t) => t === TOKEN)).toBe(true);
  });

  it('streams: the next page is fetched only when the consumer gets there', async () => {
    const s = await serve(PAGES);
    const it = source(`${s.origin}/api/v2/people`).records()[Symbol.asyncIterator]();
    expect((await it.next()).value?.row).toBe(1);
    expect(s.requests).toHaveLength(1);
    await it.return?.();
    expect(s.requests).toHaveLength(1);
  });

  it('starts from the API entry point (e.g. https://actionnetwork.org/api/v2/) by following osdi:people', async () => {
    const s = await serve({
      ...PAGES,
      '/api/v2/': { body: { motd: 'Welcome', _links: { self: { href: 'https://osdi.example.org/api/v2/' }, 'osdi:people': { href: 'https://osdi.example.org/api/v2/people' } } } }
    });
    const recs = await readRecords(source(`${s.origin}/api/v2/`));
    expect(recs).toHaveLength(6);
    expect(s.requests[0]).toBe('/api/v2/');
  });

  it('waits as long as Retry-After says after a 429, then goes on', async () => {
    const s = await serve({ ...PAGES, '/api/v2/people?page=2': [{ status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' }, { body: fixture('people-page-2.json') }] });
    const logs: string[] = [];
    const t0 = Date.now();
    // A backoff of 20 s would time the test out: the 1 s wait can only come from Retry-After.
    const recs = await readRecords(source(`${s.origin}/api/v2/people`, { retryBaseMs: 20_000 }, logs));
    const elapsed = Date.now() - t0;
    expect(recs).toHaveLength(6);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(10_000);
    expect(s.requests.filter((r) => r === '/api/v2/people?page=2')).toHaveLength(2);
    expect(logs.join('\n')).toMatch(/429.*retry 1\/5/);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('retries a 500 with backoff and gives up after the bounded number of attempts', async () => {
    const s = await serve({ ...PAGES, '/api/v2/people': [{ status: 500 }, { body: fixture('people-page-1.json') }] });
    expect(await readRecords(source(`${s.origin}/api/v2/people`))).toHaveLength(6);
    expect(s.requests.slice(0, 2)).toEqual(['/api/v2/people', '/api/v2/people']);

    const down = await serve({ '/api/v2/people': { status: 503 } });
    const err = await failure(readRecords(source(`${down.origin}/api/v2/people`, { maxRetries: 3 })));
    expect(err.message).toMatch(/failed after 4 attempts \(last: 503/);
    expect(err.message).toContain(`${down.origin}/api/v2/people`);
    expect(down.requests).toHaveLength(4);
  });

  it('times out a request that never answers, retrying within bounds', async () => {
    const s = await serve({ '/api/v2/people': { delayMs: 5_000, body: '{}' } });
    const err = await failure(readRecords(source(`${s.origin}/api/v2/people`, { timeoutMs: 200, maxRetries: 1 })));
    expect(err.message).toMatch(/failed after 2 attempts \(last: no answer within 200 ms\)/);
  });

  it('retries a 200 whose body is truncated or not JSON, then goes on', async () => {
    const page2 = fixture('people-page-2.json');
    const s = await serve({ ...PAGES, '/api/v2/people?page=2': [{ body: page2.slice(0, page2.length / 2) }, { body: '<html>busy</html>' }, { body: page2 }] });
    const logs: string[] = [];
    expect(await readRecords(source(`${s.origin}/api/v2/people`, {}, logs))).toHaveLength(6);
    expect(s.requests.filter((r) => r === '/api/v2/people?page=2')).toHaveLength(3);
    expect(logs.join('\n')).toMatch(/not a JSON object.*retry 1\/5/);

    const broken = await serve({ '/api/v2/people': { body: '{"_embedded": {' } });
    const err = await failure(readRecords(source(`${broken.origin}/api/v2/people`, { maxRetries: 2 })));
    expect(err.message).toMatch(/failed after 3 attempts \(last: the answer is not a JSON object/);
  });

  it('backs off even when Retry-After says 0, and honours a Retry-After date', async () => {
    const s = await serve({ ...PAGES, '/api/v2/people': [{ status: 429, headers: { 'Retry-After': '0' } }, { status: 429, headers: { 'Retry-After': '0' } }, { body: fixture('people-page-1.json') }] });
    const t0 = Date.now();
    expect(await readRecords(source(`${s.origin}/api/v2/people`, { minRetryDelayMs: 200 }))).toHaveLength(6);
    // The floor doubles, 200 ms then 400 ms: at least 600 ms in all, where Retry-After: 0 alone would wait nothing.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(590);

    const dated = await serve({ ...PAGES, '/api/v2/people': (_req, n) => (n === 0 ? { status: 503, headers: { 'Retry-After': new Date(Date.now() + 2_000).toUTCString() } } : { body: fixture('people-page-1.json') }) });
    const t1 = Date.now();
    expect(await readRecords(source(`${dated.origin}/api/v2/people`, { retryBaseMs: 10 }))).toHaveLength(6);
    // An HTTP date has one-second resolution: the wait is at least the whole seconds left until it.
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
  });

  it('fails clearly on 403 without retrying', async () => {
    const s = await serve({ '/api/v2/people': { status: 403, body: { error: 'forbidden' } } });
    const err = await failure(readRecords(source(`${s.origin}/api/v2/people`)));
    expect(err.message).toMatch(/answered 403.*check the token in TEST_OSDI_TOKEN/);
    expect(s.requests).toHaveLength(1);
  });

  it('follows a redirect on the same server with the token, and refuses one to another server', async () => {
    const s = await serve({ ...PAGES, '/api/v1/people': { status: 301, headers: { Location: '/api/v2/people' } } });
    expect(await readRecords(source(`${s.origin}/api/v1/people`))).toHaveLength(6);
    expect(s.tokens.every((t) => t === TOKEN)).toBe(true);

    const other = await serve(PAGES);
    const away = await serve({ '/api/v2/people': { status: 302, headers: { Location: `${other.origin.replace('127.0.0.1', 'localhost')}/api/v2/people` } } });
    const err = await failure(readRecords(source(`${away.origin}/api/v2/people`)));
    expect(err.message).toMatch(/redirects \(302\) to another server/);
    expect(other.requests).toHaveLength(0);

    const loop = await serve({ '/a': { status: 302, headers: { Location: '/b' } }, '/b': { status: 302, headers: { Location: '/a' } } });
    expect((await failure(readRecords(source(`${loop.origin}/a`)))).message).toMatch(/more than 5 redirects/);
  });

  it('fails clearly on 401 without retrying and without revealing the token', async () => {
    const s = await serve(PAGES);
    const logs: string[] = [];
    const cfg: OsdiSourceConfig = { kind: 'osdi', name: 'an', url: `${s.origin}/api/v2/people`, tokenEnv: 'TEST_OSDI_TOKEN' };
    const err = await failure(readRecords(createOsdiSource(cfg, { TEST_OSDI_TOKEN: 'wrong-token-123' }, { log: (m) => logs.push(m) })));
    expect(err.message).toContain(`${s.origin}/api/v2/people answered 401`);
    expect(err.message).toContain('TEST_OSDI_TOKEN');
    expect(err.message).not.toContain('wrong-token-123');
    expect(logs).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('fails clearly when the token variable is unset', () => {
    const cfg: OsdiSourceConfig = { kind: 'osdi', name: 'an', url: 'https://actionnetwork.org/api/v2/people', tokenEnv: 'MISSING_OSDI_TOKEN' };
    expect(() => createOsdiSource(cfg, {})).toThrow(/environment variable MISSING_OSDI_TOKEN is not set/);
  });

  it('stops an endless pagination at pageLimit', async () => {
    const endless = (req: { url?: string }) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
      return {
        body: {
          page: n,
          _links: { next: { href: `https://osdi.example.org/api/v2/people?page=${n + 1}` } },
          _embedded: { 'osdi:people': [{ identifiers: [`x:${n}`], created_date: '2024-01-01T00:00:00Z' }] }
        }
      };
    };
    const routes: Record<string, Route> = { '/api/v2/people': endless };
    for (let n = 2; n <= 50; n++) routes[`/api/v2/people?page=${n}`] = endless;
    const s = await serve(routes);
    const got: RawRecord[] = [];
    const err = await failure(
      (async () => {
        for await (const r of source(`${s.origin}/api/v2/people`, { pageLimit: 5 }).records()) got.push(r);
      })()
    );
    expect(err.message).toMatch(/more than pageLimit=5 pages/);
    expect(got).toHaveLength(5);
    expect(s.requests).toHaveLength(5);
  });

  it('detects a next link that repeats', async () => {
    const page = (n: number, next: number) => ({
      body: { _links: { next: { href: `https://osdi.example.org/api/v2/people?page=${next}` } }, _embedded: { 'osdi:people': [{ identifiers: [`x:${n}`] }] } }
    });
    const s = await serve({ '/api/v2/people?page=1': page(1, 2), '/api/v2/people?page=2': page(2, 1) });
    const err = await failure(readRecords(source(`${s.origin}/api/v2/people?page=1`)));
    expect(err.message).toMatch(/next link repeats .*page=1/);
    expect(s.requests).toHaveLength(2);
  });

  it('never follows a next link to another server with the token', async () => {
    const s = await serve({
      '/api/v2/people': { body: { _links: { next: { href: 'https://evil.example.com/steal?page=2' } }, _embedded: { 'osdi:people': [{ identifiers: ['x:1'] }] } } }
    });
    const err = await failure(readRecords(source(`${s.origin}/api/v2/people`)));
    expect(err.message).toMatch(/links to another server \(https:\/\/evil\.example\.com\)/);
  });

  it('ends on an empty page even when a next link is present', async () => {
    const s = await serve({
      '/api/v2/people': { body: fixture('people-page-3.json').replace('"self"', '"next": { "href": "https://osdi.example.org/api/v2/people?page=4" }, "self"') },
      '/api/v2/people?page=4': { body: { page: 4, _links: { next: { href: 'https://osdi.example.org/api/v2/people?page=5' } }, _embedded: { 'osdi:people': [] } } }
    });
    expect(await readRecords(source(`${s.origin}/api/v2/people`))).toHaveLength(1);
    expect(s.requests).toEqual(['/api/v2/people', '/api/v2/people?page=4']);
  });
});
