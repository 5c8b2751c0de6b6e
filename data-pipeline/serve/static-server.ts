/**
 * Serves a built dashboard and, at `/data/`, a published data set that the pipeline replaces while it is served.
 *
 * A handler of our own instead of sirv (still used by the test harness): without `dev`, sirv stats every file
 * once at start-up and keeps sending those headers, so after a publish it sent Content-Length 4053 for a
 * 3819-byte manifest; with `dev` it stats the path, then opens it again by name to stream it, so a swap in
 * between still mixes two files, and a file gone by then fails a read stream whose error nobody listens to, which
 * crashed the process (unhandled ENOENT). Here each response comes from one open descriptor (see files.ts), and
 * every fs error ends as a 404 or 500.
 *
 * Compression: a `_app/immutable/` asset goes out as the compressed copy beside it (`.br`, `.gz`: written by the site
 * build, site-precompress.js) that the request accepts, else as it is; a published JSON or Arrow file goes out
 * gzipped when the request accepts it (gzip-cache.ts). Those responses vary on Accept-Encoding.
 *
 * Caching: `_app/immutable/` files have a content hash in their names and are cached for a year. Everything else,
 * the data files included, is revalidated on every use (no-cache + ETag → 304): the page fetches the data files by
 * their fixed names (src/lib/data/fetch-dataset.ts), so those URLs do not change when their content does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Gate } from './access.ts';
import { acceptedCopies, type Precompressed } from './encoding.ts';
import { GzipCache, gzipWorthy } from './gzip-cache.ts';
import { contentType, etagOf, isMissing, openInside, requestPath, type OpenFile } from './files.ts';
import { pagePolicy, setSecurityHeaders, WORKER_POLICY } from './headers.ts';

export interface StaticServerOptions {
  /** The built site (vite build's output). */
  site: string;
  /** The published data set served at `/data/`; the site's own `data/` folder when absent. */
  data?: string;
  port: number;
  host?: string;
  /** Requires a password when given; open otherwise. */
  gate?: Gate;
  /** Faults the server survived (a 500 was sent); stderr by default. */
  onError?: (error: unknown) => void;
}

export interface StaticServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** How a file goes out: its cache policy, and for a hashed asset its type and the encoding of the copy sent. */
interface Sending {
  cacheControl: string;
  /** The asset's own type when `file` is a compressed copy of it. */
  type?: string;
  /** Set when the response depends on Accept-Encoding: the copy's encoding, or null for the file itself. */
  encoding?: Precompressed['encoding'] | null;
  /** A gzip copy the server made (GzipCache), sent instead of the file's bytes. */
  made?: Buffer;
}

async function send(req: IncomingMessage, res: ServerResponse, file: OpenFile, how: Sending): Promise<void> {
  const etag = how.made ? etagOf(file.stats).replace(/"$/, '-gz"') : etagOf(file.stats);
  res.setHeader('cache-control', how.cacheControl);
  res.setHeader('etag', etag);
  res.setHeader('last-modified', file.stats.mtime.toUTCString());
  const type = how.type ?? contentType(file.path);
  res.setHeader('content-type', type);
  if (how.encoding !== undefined) res.setHeader('vary', 'accept-encoding');
  if (how.encoding) res.setHeader('content-encoding', how.encoding);
  // Pages are small, and their policy depends on their text (the hashes of their inline scripts). It goes out with
  // a 304 too: the browser takes a 304's headers into the cached response, and the resource policy there blocked
  // the page's own scripts on every revisit.
  const html = type.startsWith('text/html') ? await file.handle.readFile() : null;
  if (html) setSecurityHeaders(res, pagePolicy(html.toString('utf8')));
  else if (type.startsWith('text/javascript')) setSecurityHeaders(res, WORKER_POLICY);
  const cached = req.headers['if-none-match']?.split(',').some((t) => t.trim() === etag || t.trim() === '*');
  if (cached) {
    res.writeHead(304).end();
    return;
  }
  const whole = html ?? how.made;
  if (whole) {
    res.writeHead(200, { 'content-length': whole.length });
    res.end(req.method === 'HEAD' ? undefined : whole);
    return;
  }
  res.writeHead(200, { 'content-length': file.stats.size });
  if (req.method === 'HEAD' || file.stats.size === 0) {
    res.end();
    return;
  }
  // `end` holds the body to the size announced; autoClose: false, as the caller closes the handle in any case.
  await pipeline(file.handle.createReadStream({ start: 0, end: file.stats.size - 1, autoClose: false }), res);
}

/** Which folder and which part of it a URL path names. */
function route(pathname: string, site: string, data: string | undefined): { root: string; path: string } {
  if (data && (pathname === '/data' || pathname.startsWith('/data/'))) return { root: data, path: pathname.slice('/data'.length) };
  return { root: site, path: pathname };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: StaticServerOptions, data: string | undefined, gzipCache: GzipCache): Promise<void> {
  setSecurityHeaders(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  if (options.gate) {
    const verdict = await options.gate.check(req);
    if (!verdict.ok && verdict.status === 429) return plain(res, 429, 'too many failed attempts; try again later', { 'retry-after': String(verdict.retryAfter) });
    if (!verdict.ok) return plain(res, 401, 'password required', { 'www-authenticate': 'Basic realm="Tallyboard", charset="UTF-8"' });
  }
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return plain(res, 400, 'bad request');
  }
  const { root, path } = route(pathname, options.site, data);
  const parsed = requestPath(path);
  if ('refused' in parsed) return plain(res, parsed.refused, parsed.refused === 400 ? 'bad request' : 'not found');
  let file: OpenFile;
  try {
    file = await openInside(root, parsed.segments);
  } catch (e) {
    if (isMissing(e)) return plain(res, 404, 'not found');
    throw e;
  }
  try {
    if (parsed.segments[0] !== '_app' || parsed.segments[1] !== 'immutable') {
      if (!gzipWorthy(file)) return await send(req, res, file, { cacheControl: 'no-cache' });
      const gzip = acceptedCopies(req).some((c) => c.encoding === 'gzip');
      const made = gzip ? await gzipCache.copyOf(file, `${file.path}\0${etagOf(file.stats)}`) : undefined;
      return await send(req, res, file, { cacheControl: 'no-cache', encoding: made ? 'gzip' : null, made });
    }
    const copy = await compressedCopy(req, root, parsed.segments);
    if (!copy) return await send(req, res, file, { cacheControl: IMMUTABLE, encoding: null });
    try {
      await send(req, res, copy.file, { cacheControl: IMMUTABLE, type: contentType(file.path), encoding: copy.encoding });
    } finally {
      await copy.file.handle.close();
    }
  } finally {
    await file.handle.close();
  }
}

/** The best compressed copy of the asset at `segments` that the request accepts, opened; null when there is none. */
async function compressedCopy(req: IncomingMessage, root: string, segments: string[]): Promise<{ file: OpenFile; encoding: Precompressed['encoding'] } | null> {
  for (const { encoding, suffix } of acceptedCopies(req)) {
    try {
      return { file: await openInside(root, [...segments.slice(0, -1), segments[segments.length - 1] + suffix]), encoding };
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
  }
  return null;
}

/**
 * Starts the server. Loopback by default, because the data may be a campaign's unpublished figures.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const site = resolve(options.site);
  if (!existsSync(site)) throw new Error(`${site}: no built dashboard here (run npm start or vite build first)`);
  const data = options.data === undefined ? undefined : resolve(options.data);
  const host = options.host ?? '127.0.0.1';
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`tallyboard serve: ${e instanceof Error ? e.message : String(e)}\n`));
  const gzipCache = new GzipCache();
  const server = createServer((req, res) => {
    handle(req, res, { ...options, site }, data, gzipCache).catch((e: unknown) => {
      // A client that hung up mid-body is not a fault of ours.
      if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') onError(e);
      plain(res, 500, 'internal error');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      })
  };
}
