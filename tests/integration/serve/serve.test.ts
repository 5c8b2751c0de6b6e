/**
 * What `tallyboard serve` answers (issues 12 and 17): caching and revalidation, security headers, only regular
 * files inside the folder, and the password with its rate limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, parsePasswordHash, passwordGate, verifyPassword } from '../../../data-pipeline/serve/access.ts';
import { startStaticServer, type StaticServer } from '../../../data-pipeline/serve/static-server.ts';
import { get } from './http-get.ts';
import { INLINE_SCRIPT, makeSite } from './site-fixture.ts';

let root: string;
let site: string;
const servers: StaticServer[] = [];
const faults: unknown[] = [];

beforeAll(() => {
  ({ root, site } = makeSite());
  const data = join(root, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'manifest.json'), '{"format":"tallyboard"}\n');
  writeFileSync(join(data, '.secret'), 'hidden');
  writeFileSync(join(root, 'outside.txt'), 'outside the folder');
  symlinkSync('/etc/passwd', join(data, 'passwd'));
  symlinkSync(join(root, 'outside.txt'), join(data, 'outside.txt'));
  symlinkSync(root, join(data, 'up'));
  // The site's own data/ folder, served when no --data is given.
  mkdirSync(join(site, 'data'));
  writeFileSync(join(site, 'data', 'manifest.json'), '{"site":true}\n');
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (root) rmSync(root, { recursive: true, force: true });
});

async function serve(options: Partial<Parameters<typeof startStaticServer>[0]> = {}): Promise<string> {
  const server = await startStaticServer({ site, data: join(root, 'data'), port: 0, onError: (e) => faults.push(e), ...options });
  servers.push(server);
  return server.url;
}

describe('files and caching', () => {
  let url: string;
  beforeAll(async () => (url = await serve()));

  it('revalidates manifest.json with an ETag, answering 304 when unchanged', async () => {
    const first = await get(url, '/data/manifest.json');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = String(first.headers.etag);
    const again = await get(url, '/data/manifest.json', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    writeFileSync(join(root, 'data', 'manifest.json.new'), '{"format":"tallyboard","v":2}\n');
    renameSync(join(root, 'data', 'manifest.json.new'), join(root, 'data', 'manifest.json'));
    const changed = await get(url, '/data/manifest.json', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toContain('"v":2');
  });

  it('caches only the hashed _app/immutable assets for long', async () => {
    const asset = await get(url, '/_app/immutable/start-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(url, '/')).headers['cache-control']).toBe('no-cache');
  });

  it('serves the site’s own data/ folder when no data folder is given', async () => {
    const own = await serve({ data: undefined });
    expect((await get(own, '/data/manifest.json')).body.toString()).toContain('"site":true');
  });

  it.each([
    ['a symlink to /etc/passwd', '/data/passwd'],
    ['a symlink to a file outside the folder', '/data/outside.txt'],
    ['a file through a symlinked folder outside', '/data/up/outside.txt'],
    ['a dotfile', '/data/.secret'],
    ['traversal', '/data/../../../../etc/passwd'],
    ['encoded traversal', '/data/%2e%2e/outside.txt'],
    ['an encoded slash', '/data/..%2foutside.txt'],
    ['a folder without index.html', '/_app/'],
    ['a missing file', '/data/nothing.json']
  ])('refuses %s', async (_what, path) => {
    const reply = await get(url, path);
    expect([400, 404]).toContain(reply.status);
    expect(reply.body.toString()).not.toMatch(/root:|outside the folder|hidden/);
  });

  it('answers a malformed escape with 400 and other methods with 405', async () => {
    expect((await get(url, '/data/%E0%A4%A')).status).toBe(400);
    const post = await fetch(new URL('/data/manifest.json', url), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('sends the security headers on every response, a page policy that admits only its own inline script', async () => {
    for (const path of ['/', '/data/manifest.json', '/data/passwd', '/_app/immutable/start-abc123.js']) {
      const { headers } = await get(url, path);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }
    const page = await get(url, '/');
    const policy = String(page.headers['content-security-policy']);
    const hash = createHash('sha256').update(INLINE_SCRIPT).digest('base64');
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect((await get(url, '/data/manifest.json')).headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });

  it("sends a page's policy with its 304 too, scripts a policy that lets a worker compile WebAssembly, .wasm as application/wasm", async () => {
    const page = await get(url, '/');
    const again = await get(url, '/', { 'if-none-match': String(page.headers.etag) });
    expect(again.status).toBe(304);
    // The browser keeps a 304's headers for the cached page: the resource policy here would block its scripts.
    expect(again.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
    const script = String((await get(url, '/_app/immutable/start-abc123.js')).headers['content-security-policy']);
    expect(script).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(script).not.toMatch(/(^|\s)'unsafe-eval'/);
    writeFileSync(join(site, '_app', 'immutable', 'duckdb-eh.abc.wasm'), new Uint8Array([0, 97, 115, 109]));
    expect((await get(url, '/_app/immutable/duckdb-eh.abc.wasm')).headers['content-type']).toBe('application/wasm');
  });

  it('recorded no server faults', () => expect(faults).toEqual([]));
});

describe('password', () => {
  const PASSWORD = 'correct horse';
  let url: string;
  const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`anyone:${password}`).toString('base64')}` });
  beforeAll(async () => {
    const hash = await hashPassword(PASSWORD);
    url = await serve({ gate: passwordGate(parsePasswordHash(hash)) });
  });

  it('stores a salted scrypt hash that verifies the password and nothing else', async () => {
    const a = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(await hashPassword(PASSWORD));
    expect(await verifyPassword(PASSWORD, parsePasswordHash(a))).toBe(true);
    expect(await verifyPassword('correct horse ', parsePasswordHash(a))).toBe(false);
    expect(() => parsePasswordHash('scrypt$1048577$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).toThrow(/power of two/);
    expect(() => parsePasswordHash('plaintext')).toThrow(/not a scrypt hash/);
  });

  it('answers 401 with a Basic challenge without the password, 200 with it (any user name)', async () => {
    const none = await get(url, '/data/manifest.json');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm="Tallyboard"/);
    expect(none.headers['x-frame-options']).toBe('DENY');
    expect((await get(url, '/', basic(PASSWORD))).status).toBe(200);
    expect((await get(url, '/data/manifest.json', basic(PASSWORD))).status).toBe(200);
  });

  it('answers 429 with Retry-After after 5 failures in a minute', async () => {
    for (let i = 0; i < 5; i++) expect((await get(url, '/', basic(`wrong ${i}`))).status).toBe(401);
    const limited = await get(url, '/', basic('wrong again'));
    expect(limited.status).toBe(429);
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // While limited, even the right password is not tried (it would confirm a guess); one accepted before still works.
    expect((await get(url, '/data/manifest.json', basic(PASSWORD))).status).toBe(200);
  });
});

describe('the commands', () => {
  const cli = (args: string[], input: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['data-pipeline/bin/tallyboard.js', ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });

  it('password-hash prints a hash of the password read on stdin', async () => {
    const r = cli(['password-hash'], 'from stdin\n');
    expect(r.status).toBe(0);
    expect(await verifyPassword('from stdin', parsePasswordHash(r.stdout))).toBe(true);
    expect(cli(['password-hash', 'on-the-command-line'], '').status).toBe(2);
  });

  it('serve refuses to start, rather than start open, with a malformed TALLYBOARD_PASSWORD_HASH', () => {
    const r = cli(['serve', '--dir', site, '--port', '0'], '', { TALLYBOARD_PASSWORD_HASH: 'scrypt$oops' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TALLYBOARD_PASSWORD_HASH');
  });
});
