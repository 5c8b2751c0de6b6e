/**
 * The HTTP side of every OSDI reader (people, events): one collection read page by page (HAL+JSON), with the rules
 * a CRM's API needs.
 *
 * Robustness: a timeout per request, bounded retries with exponential backoff for 429/5xx/network errors and for a
 * 200 whose body is not a JSON object (truncated), Retry-After honoured as a lower bound; same-server redirects
 * followed (at most 5), a clear error for 401/403 and for a redirect to another server, a `pageLimit` guard plus
 * repeated-next-link detection against endless pagination, and next links are followed only on the same host (the
 * token is never sent elsewhere). The token is never logged.
 */
import { embeddedItems, isObject, linkHref, str, type Json } from './hal.ts';

export interface OsdiOptions {
  /** Per request (headers and body), ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx and network errors. Default 5. */
  maxRetries?: number;
  /** First backoff delay, ms, doubled on every retry (with jitter). Default 1000. */
  retryBaseMs?: number;
  /** Shortest wait after a Retry-After, ms, doubled on every retry. Default 1000. */
  minRetryDelayMs?: number;
  /** Longest wait for one retry, whether from backoff or Retry-After, ms. Default 60 000. */
  maxRetryDelayMs?: number;
  /** Progress and retry messages (never the token). Default: stderr. */
  log?: (message: string) => void;
}

/** What a configured OSDI collection says about where and how to read it. */
export interface OsdiEndpoint {
  name: string;
  url: string;
  tokenEnv: string;
  pageLimit?: number;
}

/** One collection page: the URL it came from and its items, in the server's order. */
export interface OsdiPage {
  origin: string;
  items: unknown[];
}

export interface OsdiClient {
  /**
   * The pages of the collection `rel` (e.g. "osdi:people"), lazily: the next page is fetched only when the consumer
   * gets there. `modifiedSince` asks the server only for resources changed after it (OSDI's `modified_date` filter).
   */
  pages(rel: string, query?: { modifiedSince?: string }): AsyncGenerator<OsdiPage>;
}

/** Pages read at most when the config does not say: 100 000 pages × 25 people (Action Network's page size). */
export const DEFAULT_PAGE_LIMIT = 100_000;

export class OsdiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OsdiError';
  }
}

/** Same host, and never a downgrade from https: where a token may be sent after the configured URL. */
function sameServer(from: URL, to: URL): boolean {
  return from.host === to.host && (to.protocol === from.protocol || to.protocol === 'https:');
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** The page as a JSON object, or null when the text is not one (truncated, HTML error page, a bare array). */
function parseBody(text: string): Json | null {
  try {
    const body: unknown = JSON.parse(text);
    return isObject(body) ? body : null;
  } catch {
    return null;
  }
}

/** Same-server redirects followed per request, like a browser's limit but lower: an API should not chain them. */
const MAX_REDIRECTS = 5;

/** Retry-After as delay-seconds or an HTTP date → ms, or null when absent/unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : Math.max(0, t - Date.now());
}

/** `label` names the source in every message, e.g. `OSDI source "action-network"`. */
export function createOsdiClient(cfg: OsdiEndpoint, label: string, env: NodeJS.ProcessEnv = process.env, options: OsdiOptions = {}): OsdiClient {
  const envToken = env[cfg.tokenEnv];
  if (!envToken) {
    throw new OsdiError(`${label}: environment variable ${cfg.tokenEnv} is not set; it must hold the OSDI-API-Token for ${cfg.url}`);
  }
  const token: string = envToken;
  let start: URL;
  try {
    start = new URL(cfg.url);
  } catch {
    throw new OsdiError(`${label}: url "${cfg.url}" is not an absolute URL`);
  }
  if (start.protocol !== 'https:' && start.protocol !== 'http:') throw new OsdiError(`${label}: url "${cfg.url}" must be http(s)`);
  const pageLimit = cfg.pageLimit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(pageLimit) || pageLimit < 1) throw new OsdiError(`${label}: pageLimit must be a positive integer`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  const minRetryDelayMs = options.minRetryDelayMs ?? 1000;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));

  async function getJson(first: URL): Promise<Json> {
    let url = first;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      let retryReason: string;
      let waitHint: number | null = null;
      try {
        const res = await fetch(url, {
          headers: { 'OSDI-API-Token': token, Accept: 'application/hal+json, application/json', 'User-Agent': 'tallyboard' },
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs)
        });
        if (res.ok) {
          const text = await res.text();
          const body = parseBody(text);
          if (body !== null) return body;
          // A 200 with a cut-off or garbled body is what a proxy or an overloaded server sends mid-transfer:
          // the same request usually succeeds again, so it is retried like a 5xx, and fatal only when it persists.
          retryReason = `the answer is not a JSON object (${res.headers.get('content-type') ?? 'no content type'}, ${text.length} characters)`;
        } else {
          await res.body?.cancel().catch(() => undefined);
          if (res.status === 401 || res.status === 403) {
            throw new OsdiError(`${label}: ${url} answered ${res.status} ${res.statusText || 'Forbidden'}; check the token in ${cfg.tokenEnv} and its access to this collection`);
          }
          if (res.status >= 300 && res.status < 400) {
            url = redirectTarget(url, res.headers.get('location'), res.status);
            if (++redirects > MAX_REDIRECTS) throw new OsdiError(`${label}: more than ${MAX_REDIRECTS} redirects from ${first}; put the final URL in the config`);
            attempt--; // following a redirect is not a failed attempt
            continue;
          }
          if (res.status !== 429 && res.status < 500) {
            throw new OsdiError(`${label}: ${url} answered ${res.status} ${res.statusText}`);
          }
          retryReason = `${res.status} ${res.statusText}`.trim();
          waitHint = retryAfterMs(res.headers.get('retry-after'));
        }
      } catch (err) {
        if (err instanceof OsdiError) throw err;
        const e = err as Error;
        retryReason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`;
      }
      if (attempt >= maxRetries) {
        throw new OsdiError(`${label}: ${url} failed after ${attempt + 1} attempts (last: ${retryReason})`);
      }
      // The server's Retry-After is followed, but never below a doubling floor: "Retry-After: 0" would otherwise
      // spend every retry within milliseconds against a server that is struggling.
      const backoff = retryBaseMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
      const floor = minRetryDelayMs * 2 ** attempt;
      const wait = Math.min(maxRetryDelayMs, waitHint === null ? backoff : Math.max(waitHint, floor));
      log(`${label}: ${url}: ${retryReason}; retry ${attempt + 1}/${maxRetries} in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait);
    }
  }

  /** A redirect is followed only to the same server (the token goes with the request), relative locations included. */
  function redirectTarget(from: URL, location: string | null, status: number): URL {
    if (!location) throw new OsdiError(`${label}: ${from} answered ${status} without a Location header`);
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      throw new OsdiError(`${label}: ${from} redirects (${status}) to an invalid URL "${location}"`);
    }
    if (!sameServer(start, to)) {
      throw new OsdiError(`${label}: ${from} redirects (${status}) to another server (${to.origin}); not sending the token there — put the final URL in the config`);
    }
    return to;
  }

  function nextUrl(from: URL, href: string): URL {
    let to: URL;
    try {
      to = new URL(href, from);
    } catch {
      throw new OsdiError(`${label}: ${from.href} links to an invalid URL "${href}"`);
    }
    if (!sameServer(start, to)) {
      throw new OsdiError(`${label}: ${from.href} links to another server (${to.origin}); not following it with the token`);
    }
    return to;
  }

  /** OSDI's query filter: the server then pages through the changed resources only, its links keeping the filter. */
  function filtered(url: URL, modifiedSince: string | undefined): URL {
    if (modifiedSince === undefined) return url;
    const out = new URL(url);
    out.searchParams.set('filter', `modified_date gt '${modifiedSince}'`);
    return out;
  }

  async function* pages(rel: string, query: { modifiedSince?: string } = {}): AsyncGenerator<OsdiPage> {
    let url: URL | null = filtered(start, query.modifiedSince);
    const seen = new Set<string>();
    let count = 0;
    let discovered = false;
    while (url) {
      if (seen.has(url.href)) throw new OsdiError(`${label}: the next link repeats ${url.href} (a pagination loop); stopped after ${count} pages`);
      if (count >= pageLimit) {
        throw new OsdiError(`${label}: stopped at ${url.href}: more than pageLimit=${pageLimit} pages (a pagination loop, or raise pageLimit in the config)`);
      }
      seen.add(url.href);
      const page = await getJson(url);
      let items = embeddedItems(page, rel);
      // An API entry point (e.g. https://actionnetwork.org/api/v2/) links the collection: follow it once.
      const entry = isObject(page._links) ? page._links[rel] : undefined;
      const entryHref = isObject(entry) ? str(entry.href) : null;
      if (items === null && !discovered && entryHref !== null) {
        discovered = true;
        url = filtered(nextUrl(url, entryHref), query.modifiedSince);
        continue;
      }
      count++;
      items ??= [];
      yield { origin: url.href, items };
      const next = linkHref(page._links, 'next');
      const total = typeof page.total_pages === 'number' ? page.total_pages : null;
      const current = typeof page.page === 'number' ? page.page : null;
      if (!next || items.length === 0 || (total !== null && current !== null && current >= total)) break;
      url = nextUrl(url, next);
    }
  }

  return { pages };
}
