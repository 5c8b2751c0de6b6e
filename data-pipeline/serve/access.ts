/**
 * Who may look: one shared password, checked with HTTP Basic authentication.
 *
 * Basic rather than a login form and cookie: the browser's own prompt needs no page, script or form of ours (so
 * nothing to exempt from the CSP, no CSRF surface, no session store), the page's `fetch` of the data files carries
 * the credentials by itself, and `curl -u` and an nginx `auth_basic` in front of a static host work the same way.
 * Its cost: the password travels with every request, so anywhere but loopback it needs TLS (a reverse proxy), and
 * there is no log-out short of closing the browser.
 *
 * The password is stored only as a salted scrypt hash: `scrypt$N$r$p$saltB64$hashB64`.
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const PASSWORD_HASH_ENV = 'TALLYBOARD_PASSWORD_HASH';

/** N = 2^15, r = 8: 32 MiB and ~0.1 s per guess here, OWASP's recommended scrypt floor. */
const DEFAULT_PARAMS = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

interface PasswordHash {
  params: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

const derive = (password: string, salt: Buffer, { N, r, p }: PasswordHash['params'], length: number): Promise<Buffer> => {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly the default cost, so leave headroom.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (e, key) => (e ? reject(e) : resolve(key))));
};

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, DEFAULT_PARAMS, KEY_LENGTH);
  const { N, r, p } = DEFAULT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Parses a stored hash, bounding its cost so that a mistyped variable cannot make every request take seconds. */
export function parsePasswordHash(text: string): PasswordHash {
  const parts = text.trim().split('$');
  const fail = (why: string): never => {
    throw new Error(`${PASSWORD_HASH_ENV}: ${why} (expected scrypt$N$r$p$salt$hash, as printed by "tallyboard password-hash")`);
  };
  if (parts.length !== 6 || parts[0] !== 'scrypt') fail('not a scrypt hash');
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!Number.isInteger(N) || N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0) fail(`N must be a power of two up to 2^20, got ${parts[1]}`);
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) fail('r must be 1–32 and p 1–16');
  const salt = Buffer.from(parts[4], 'base64');
  const hash = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || hash.length < 16) fail('salt or hash too short');
  return { params: { N, r, p }, salt, hash };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, stored.salt, stored.params, stored.hash.length);
  return timingSafeEqual(candidate, stored.hash);
}

/** Failed attempts per client, in a sliding window. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit = 5,
    readonly windowMs = 60_000,
    /** Clients remembered at most: a flood of addresses cannot grow the table without bound. */
    readonly maxClients = 10_000
  ) {}

  private recent(client: string, now: number): number[] {
    const times = (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length === 0) this.failures.delete(client);
    else this.failures.set(client, times);
    return times;
  }

  /** Seconds the client must wait before trying again, or 0. */
  retryAfter(client: string, now = Date.now()): number {
    const times = this.recent(client, now);
    return times.length < this.limit ? 0 : Math.ceil((times[times.length - this.limit] + this.windowMs - now) / 1000);
  }

  fail(client: string, now = Date.now()): void {
    const times = this.recent(client, now);
    if (times.length === 0 && this.failures.size >= this.maxClients) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(client, [...times, now]);
  }
}

export type Verdict = { ok: true } | { ok: false; status: 401 } | { ok: false; status: 429; retryAfter: number };

export interface Gate {
  check(req: IncomingMessage): Promise<Verdict>;
}

/** The password from an `Authorization: Basic` header (any user name), or null. */
function basicPassword(header: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export function passwordGate(stored: PasswordHash, limiter = new FailureLimiter()): Gate {
  // A page load is a dozen requests, each with the same header: scrypt on each would cost a second of CPU. A
  // password that passed once is remembered as an HMAC under a key that lives only in this process, so the cache
  // holds nothing an attacker could test guesses against, even from a memory dump of a restarted server.
  const key = randomBytes(32);
  const accepted = new Set<string>();
  const tag = (password: string): string => createHmac('sha256', key).update(password).digest('base64');
  return {
    async check(req) {
      // The socket's address, not X-Forwarded-For: a client could write any address it likes there.
      const client = req.socket.remoteAddress ?? 'unknown';
      const password = basicPassword(req.headers.authorization);
      if (password === null) return { ok: false, status: 401 };
      if (accepted.has(tag(password))) return { ok: true };
      const wait = limiter.retryAfter(client);
      if (wait > 0) return { ok: false, status: 429, retryAfter: wait };
      if (await verifyPassword(password, stored)) {
        if (accepted.size > 16) accepted.clear();
        accepted.add(tag(password));
        return { ok: true };
      }
      limiter.fail(client);
      return { ok: false, status: 401 };
    }
  };
}

/** The gate `TALLYBOARD_PASSWORD_HASH` asks for, or undefined (open). A malformed value is an error, never open. */
export function gateFromEnv(env: NodeJS.ProcessEnv = process.env): Gate | undefined {
  const value = env[PASSWORD_HASH_ENV];
  return value ? passwordGate(parsePasswordHash(value)) : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** What the operator is told at start-up about who can see the dashboard. */
export function accessNotice(gate: Gate | undefined, host: string): string {
  if (gate) return `password required (${PASSWORD_HASH_ENV}); use TLS in front of it anywhere but loopback`;
  const reach = LOOPBACK.has(host) ? 'this machine only' : `ANYONE who can reach ${host}`;
  return `open, no password (${reach}); set ${PASSWORD_HASH_ENV} to require one`;
}
