/**
 * Hashed assets go out compressed when the browser accepts it: the site build writes `.br` and `.gz` copies beside
 * them (site-precompress.js) and `tallyboard serve` picks the one the request's Accept-Encoding prefers. Published
 * JSON and Arrow files are gzipped by the server (gzip-cache.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../../site-precompress.js';
import { GzipCache } from '../../../data-pipeline/serve/gzip-cache.ts';
import { openInside } from '../../../data-pipeline/serve/files.ts';
import { startStaticServer, type StaticServer } from '../../../data-pipeline/serve/static-server.ts';
import { get } from './http-get.ts';
import { makeSite } from './site-fixture.ts';

let root: string;
let server: StaticServer;
let big: Buffer;
let table: Buffer;
let data: string;
const BIG = '/_app/immutable/chunk-big.js';
const TINY = '/_app/immutable/start-abc123.js';

beforeAll(async () => {
  const made = makeSite();
  root = made.root;
  big = Buffer.from(Array.from({ length: 2000 }, (_, i) => `export const value${i} = ${i * 7} + ${i % 13};\n`).join(''));
  writeFileSync(join(made.site, BIG), big);
  expect(await precompressFolder(join(made.site, '_app', 'immutable'))).toBe(1);
  data = join(root, 'data');
  mkdirSync(data);
  table = cityTable(1);
  writeFileSync(join(data, 'cities.arrow'), table);
  writeFileSync(join(data, 'manifest.json'), '{"format":"tallyboard"}\n');
  server = await startStaticServer({ site: made.site, data, port: 0 });
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Bytes that compress as the city table does: many rows alike, a few fields apart. */
function cityTable(version: number): Buffer {
  const rows = Buffer.alloc(64 * 1024);
  for (let i = 0; i < rows.length; i += 16) {
    rows.writeUInt32LE((i * 2654435761) % 4096, i);
    rows.writeUInt32LE(version, i + 4);
  }
  return rows;
}

describe('the site build', () => {
  it('writes brotli and gzip copies that decode to the asset, and none of a file too small to gain', () => {
    const at = join(root, 'site', BIG);
    expect(brotliDecompressSync(readFileSync(`${at}.br`)).equals(big)).toBe(true);
    expect(gunzipSync(readFileSync(`${at}.gz`)).equals(big)).toBe(true);
    expect(readFileSync(`${at}.br`).length).toBeLessThan(big.length / 4);
    expect(existsSync(join(root, 'site', `${TINY}.br`))).toBe(false);
    expect(existsSync(join(root, 'site', `${TINY}.gz`))).toBe(false);
  });
});

describe('tallyboard serve', () => {
  it('sends brotli when accepted, as a browser asks', async () => {
    const r = await get(server.url, BIG, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers.vary).toBe('accept-encoding');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(brotliDecompressSync(r.body).equals(big)).toBe(true);
  });

  it('sends gzip when brotli is not accepted or refused by its q-value', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.5', 'gzip;q=1, br;q=0.2']) {
      const r = await get(server.url, BIG, { 'accept-encoding': accept });
      expect(r.headers['content-encoding'], accept).toBe('gzip');
      expect(gunzipSync(r.body).equals(big)).toBe(true);
    }
  });

  it('sends the asset itself to a client that accepts no compression, still varying on it', async () => {
    const asked: Array<Record<string, string>> = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'identity;q=1, br;q=0.5, gzip;q=0.5' }];
    for (const headers of asked) {
      const r = await get(server.url, BIG, headers);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.headers.vary).toBe('accept-encoding');
      expect(r.body.equals(big)).toBe(true);
    }
  });

  it('gives each copy its own validator, and revalidates the one asked for', async () => {
    const br = await get(server.url, BIG, { 'accept-encoding': 'br' });
    const plain = await get(server.url, BIG);
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await get(server.url, BIG, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers['content-encoding']).toBe('br');
  });

  it('sends a file without a copy as it is, and pages uncompressed without varying', async () => {
    const tiny = await get(server.url, TINY, { 'accept-encoding': 'br, gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('export {};\n');
    const page = await get(server.url, '/', { 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.headers.vary).toBeUndefined();
  });
});

describe('published files gzipped by the server', () => {
  it('sends the city table gzipped when accepted, with its own validator, and revalidates it', async () => {
    const r = await get(server.url, '/data/cities.arrow', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toBe('accept-encoding');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(String(r.headers.etag)).toMatch(/-gz"$/);
    expect(r.body.length).toBeLessThan(table.length / 4);
    expect(gunzipSync(r.body).equals(table)).toBe(true);
    const again = await get(server.url, '/data/cities.arrow', { 'accept-encoding': 'gzip', 'if-none-match': String(r.headers.etag) });
    expect(again.status).toBe(304);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
  });

  it('sends the bytes themselves to a client without gzip, and a small file as it is', async () => {
    const r = await get(server.url, '/data/cities.arrow');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBe('accept-encoding');
    expect(String(r.headers.etag)).not.toMatch(/-gz"$/);
    expect(r.body.equals(table)).toBe(true);
    const manifest = await get(server.url, '/data/manifest.json', { 'accept-encoding': 'gzip' });
    expect(manifest.headers['content-encoding']).toBeUndefined();
    expect(manifest.body.toString()).toBe('{"format":"tallyboard"}\n');
  });

  it('serves the file a publish wrote, not the copy of the one it replaced', async () => {
    const before = await get(server.url, '/data/cities.arrow', { 'accept-encoding': 'gzip' });
    const next = cityTable(2);
    writeFileSync(join(data, 'cities.arrow.new'), next);
    renameSync(join(data, 'cities.arrow.new'), join(data, 'cities.arrow'));
    const after = await get(server.url, '/data/cities.arrow', { 'accept-encoding': 'gzip' });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(gunzipSync(after.body).equals(next)).toBe(true);
  });

  it('keeps copies within its budget, dropping the least recently used', async () => {
    const cache = new GzipCache(1);
    const one = await openInside(data, ['cities.arrow']);
    const two = await openInside(data, ['manifest.json']);
    try {
      const first = await cache.copyOf(one, 'one');
      expect(cache.keptBytes).toBe(first.length);
      const second = await cache.copyOf(two, 'two');
      // Over budget: the older copy goes, the one just made stays.
      expect(cache.keptBytes).toBe(second.length);
      expect(gunzipSync(await cache.copyOf(two, 'two')).toString()).toBe('{"format":"tallyboard"}\n');
    } finally {
      await one.handle.close();
      await two.handle.close();
    }
  });
});
