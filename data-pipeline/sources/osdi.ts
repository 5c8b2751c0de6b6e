/**
 * Registrations from an OSDI server (Open Supporter Data Interface; Action Network implements it): the people
 * collection, read page by page (HAL+JSON). Mapping, documented in data-pipeline/sources/README.md:
 *
 *   id                  ← identifiers[0] (e.g. "action_network:<uuid>"), else _links.self.href — duplicates only
 *   created_at          ← created_date
 *   city, region        ← the primary postal address's locality and region (else the first address's)
 *   phone_confirmed_at, email_confirmed_at, questionnaire_at
 *                       ← custom_fields of the same name, when the server carries them
 *   source              ← not mapped: the configured source name is the source dimension
 *
 * Names, e-mail addresses, phone numbers, street lines, postal codes, coordinates and every other custom field are
 * never copied into `fields`. `raw` keeps the person record as read (minus its `_links`) for the private rejects file.
 *
 * Robustness: a timeout per request, bounded retries with exponential backoff for 429/5xx/network errors and for a
 * 200 whose body is not a JSON object (truncated), Retry-After honoured as a lower bound; same-server redirects
 * followed (at most 5), a clear error for 401/403 and for a redirect to another server, a `pageLimit` guard plus repeated-next-link detection against endless pagination, and
 * next links are followed only on the same host (the token is never sent elsewhere). The token is never logged.
 */
import type { SourceConfig } from '../config/campaign.ts';
import type { RawRecord, RegistrationSource } from './types.ts';

export type OsdiSourceConfig = Extract<SourceConfig, { kind: 'osdi' }>;

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

/** Pages read at most when the config does not say: 100 000 pages × 25 people (Action Network's page size). */
export const DEFAULT_PAGE_LIMIT = 100_000;

const PEOPLE_REL = 'osdi:people';
const STAGE_FIELDS = ['phone_confirmed_at', 'email_confirmed_at', 'questionnaire_at'] as const;

export class OsdiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OsdiError';
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** The people on a collection page: `_embedded['osdi:people']`, or the single array `_embedded` holds. */
function embeddedPeople(page: Json): unknown[] | null {
  const emb = page._embedded;
  if (!isObject(emb)) return null;
  const people = emb[PEOPLE_REL];
  if (Array.isArray(people)) return people;
  const arrays = Object.values(emb).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : null;
}

function linkHref(links: unknown, rel: string): string | null {
  if (!isObject(links)) return null;
  const l = links[rel];
  return isObject(l) ? str(l.href) : null;
}

/** One OSDI person → our fields. Exported for tests and for other OSDI-fed readers. */
export function mapOsdiPerson(person: Json): RawRecord['fields'] {
  const fields: RawRecord['fields'] = {};
  const ids = Array.isArray(person.identifiers) ? person.identifiers.map(str).filter((s): s is string => s !== null) : [];
  fields.id = ids[0] ?? linkHref(person._links, 'self');
  fields.created_at = str(person.created_date);
  const addresses = Array.isArray(person.postal_addresses) ? person.postal_addresses.filter(isObject) : [];
  const address = addresses.find((a) => a.primary === true) ?? addresses[0];
  fields.city = address ? str(address.locality) : null;
  fields.region = address ? str(address.region) : null;
  const custom = isObject(person.custom_fields) ? person.custom_fields : {};
  for (const f of STAGE_FIELDS) {
    const v = str(custom[f]);
    if (v !== null) fields[f] = v;
  }
  return fields;
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

export function createOsdiSource(cfg: OsdiSourceConfig, env: NodeJS.ProcessEnv = process.env, options: OsdiOptions = {}): RegistrationSource {
  const label = `OSDI source "${cfg.name}"`;
  const token = env[cfg.tokenEnv];
  if (!token) {
    throw new OsdiError(`${label}: environment variable ${cfg.tokenEnv} is not set; it must hold the OSDI-API-Token for ${cfg.url}`);
  }
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
          headers: { 'OSDI-API-Token': token!, Accept: 'application/hal+json, application/json', 'User-Agent': 'tallyboard' },
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

  async function* records(): AsyncGenerator<RawRecord> {
    let url: URL | null = start;
    const seen = new Set<string>();
    let pages = 0;
    let row = 0;
    let discovered = false;
    while (url) {
      if (seen.has(url.href)) throw new OsdiError(`${label}: the next link repeats ${url.href} (a pagination loop); stopped after ${pages} pages`);
      if (pages >= pageLimit) {
        throw new OsdiError(`${label}: stopped at ${url.href}: more than pageLimit=${pageLimit} pages (a pagination loop, or raise pageLimit in the config)`);
      }
      seen.add(url.href);
      const page = await getJson(url);
      let people = embeddedPeople(page);
      // An API entry point (e.g. https://actionnetwork.org/api/v2/) links the people collection: follow it once.
      const entry = isObject(page._links) ? page._links[PEOPLE_REL] : undefined;
      if (people === null && !discovered && isObject(entry) && str(entry.href)) {
        discovered = true;
        url = nextUrl(url, str(entry.href)!);
        continue;
      }
      pages++;
      people ??= [];
      const origin = url.href;
      for (const p of people) {
        row++;
        if (!isObject(p)) {
          yield { origin, row, source: cfg.name, fields: {}, raw: JSON.stringify(p) ?? '', readError: { field: 'person', reason: 'not a JSON object' } };
          continue;
        }
        const { _links, ...rest } = p;
        yield { origin, row, source: cfg.name, fields: mapOsdiPerson(p), raw: JSON.stringify(rest) };
      }
      const next = linkHref(page._links, 'next');
      const total = typeof page.total_pages === 'number' ? page.total_pages : null;
      const current = typeof page.page === 'number' ? page.page : null;
      if (!next || people.length === 0 || (total !== null && current !== null && current >= total)) break;
      url = nextUrl(url, next);
    }
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

  return { name: cfg.name, records };
}
