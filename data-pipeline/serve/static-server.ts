import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import sirv from 'sirv';

export interface StaticServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built dashboard the way a CDN would: plain static files, no server logic. Loopback by default,
 * because the data may be a campaign's unpublished figures.
 */
export async function startStaticServer(dir: string, port: number, host = '127.0.0.1'): Promise<StaticServer> {
  if (!existsSync(dir)) throw new Error(`${dir}: no built dashboard here (run npm start or vite build first)`);
  const serve = sirv(dir, { dev: false, etag: true, gzip: false, single: false, dotfiles: false });
  const server = createServer((req, res) => {
    serve(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('not found');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host}:${actualPort}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
