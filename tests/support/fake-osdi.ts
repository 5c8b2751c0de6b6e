/**
 * A fake OSDI server on 127.0.0.1 (random port) for the OSDI source tests. Routes map "path?query" to a response or a
 * list of responses served in turn (the last one repeats). Every request must carry the expected OSDI-API-Token, or
 * it gets 401. Bodies have `https://osdi.example.org` (and any extra `rewriteHosts`) replaced by the server's own
 * origin, so fixtures can hold absolute links. The server is unref'd and closes itself after `maxLifetimeMs`.
 */
import { createServer, type IncomingMessage } from 'node:http';

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Answer only after this long (to test timeouts). */
  delayMs?: number;
}

export type Route = FakeResponse | FakeResponse[] | ((req: IncomingMessage, n: number) => FakeResponse);

export interface FakeOsdi {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  origin: string;
  /** "path?query" of every request, in order */
  requests: string[];
  /** the OSDI-API-Token header of every request, in order */
  tokens: (string | undefined)[];
  close(): Promise<void>;
}

export const FIXTURE_HOST = 'https://osdi.example.org';

export async function startFakeOsdi(
  routes: Record<string, Route>,
  opts: { token: string; rewriteHosts?: string[]; maxLifetimeMs?: number; /** Answers requests no route names (e.g. queries built at run time). */ fallback?: (url: URL) => FakeResponse }
): Promise<FakeOsdi> {
  const requests: string[] = [];
  const tokens: (string | undefined)[] = [];
  const counts = new Map<string, number>();
  let origin = '';
  const server = createServer((req, res) => {
    const key = req.url ?? '/';
    requests.push(key);
    const tok = req.headers['osdi-api-token'];
    tokens.push(Array.isArray(tok) ? tok[0] : tok);
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    let r: FakeResponse;
    const route = routes[key];
    if (tok !== opts.token) r = { status: 401, body: { error: 'API Key invalid or not present' } };
    else if (!route) r = opts.fallback ? opts.fallback(new URL(key, origin)) : { status: 404, body: { error: `no route ${key}` } };
    else if (typeof route === 'function') r = route(req, n);
    else if (Array.isArray(route)) r = route[Math.min(n, route.length - 1)];
    else r = route;
    let body = typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
    for (const host of [FIXTURE_HOST, ...(opts.rewriteHosts ?? [])]) body = body.replaceAll(host, origin);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(r.status ?? 200, { 'content-type': 'application/hal+json', ...r.headers });
      res.end(body);
    };
    if (r.delayMs) setTimeout(send, r.delayMs).unref();
    else send();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  server.unref();
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= new Promise<void>((ok) => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => ok());
    }));
  const timer = setTimeout(() => void close(), opts.maxLifetimeMs ?? 120_000);
  timer.unref();
  return { origin, requests, tokens, close };
}
