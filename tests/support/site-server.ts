import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sirv from 'sirv';

export const SITE_DIR = resolve(process.env.TALLYBOARD_BUILD_DIR ?? 'build');

export interface SiteServer {
  url: string;
  /** Lets a stalled download (`stall`) finish. */
  release(): void;
  close(): Promise<void>;
}

export interface SiteServerOptions {
  /** Sends this data file's first half, then holds the rest until `release` is called: a slow download. */
  stall?: string;
  /** Another built site than SITE_DIR's (the engines bench serves its own bundle). */
  site?: string;
}

/**
 * Serves the built site with `/data/` taken from a chosen data folder, so each browser test can point the same
 * build at its own data set (or at a broken one) without rebuilding.
 */
export async function startSiteServer(dataDir: string | null, options: SiteServerOptions = {}): Promise<SiteServer> {
  let release = () => {};
  const held = new Promise<void>((ok) => (release = ok));
  const siteDir = options.site ?? SITE_DIR;
  if (!existsSync(siteDir)) throw new Error(`${siteDir} is missing: the browser tests' global setup builds it`);
  // Precompressed copies as `tallyboard serve` sends them (site-precompress.js), so that benches measure what users get.
  const site = sirv(siteDir, { dev: true, etag: false, brotli: true, gzip: true });
  const data = dataDir ? sirv(dataDir, { dev: true, etag: false }) : null;
  const server: Server = createServer((req, res) => {
    const notFound = () => {
      res.statusCode = 404;
      res.end('not found');
    };
    const url = req.url ?? '/';
    if (url.startsWith('/data/')) {
      if (!data) return notFound();
      if (dataDir && options.stall && url === `/data/${options.stall}`) {
        const body = readFileSync(join(dataDir, options.stall));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        res.write(body.subarray(0, body.length >> 1));
        void held.then(() => res.end(body.subarray(body.length >> 1)));
        return;
      }
      req.url = url.slice('/data'.length);
      return data(req, res, notFound);
    }
    return site(req, res, notFound);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    release,
    close: () =>
      new Promise<void>((ok) => {
        release();
        server.closeAllConnections();
        server.close(() => ok());
      })
  };
}
