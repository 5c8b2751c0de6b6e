/**
 * Keys of the private state (state/build-state.ts): HMAC-SHA256 of a row's trimmed id under a secret from
 * TALLYBOARD_STATE_KEY, truncated to 128 bits, so the state never holds a raw id and someone holding the file but
 * not the secret cannot test whether a known id (a phone-number-like one could be brute-forced) is in it.
 * Without the variable no state is kept and every build reads everything (pipeline.ts).
 *
 * The same key is computed in SQL, for the rows DuckDB reads (RFC 2104 spelled out with DuckDB's sha256 and
 * unhex), and in TypeScript, for the rows read one by one; a unit test holds the two to node:crypto's HMAC.
 */
import { createHash, createHmac } from 'node:crypto';

export const STATE_KEY_ENV = 'TALLYBOARD_STATE_KEY';

/** HMAC-SHA256's block size in bytes. */
const BLOCK = 64;
/** Bytes of the MAC kept: collisions among even 10^9 ids stay below 10^-20. */
const KEY_BYTES = 16;

export interface StateKey {
  /** The key of a trimmed id. */
  ofId(id: string): Buffer;
  /** A SQL expression of type BLOB: the key of the VARCHAR expression `id` (which must already be trimmed). */
  sql(id: string): string;
  /** Identifies the secret itself, so that a state written under another secret is rebuilt rather than mixed. */
  readonly check: string;
}

export function stateKeyFromEnv(env: NodeJS.ProcessEnv = process.env): StateKey | null {
  const secret = env[STATE_KEY_ENV];
  return secret ? stateKey(Buffer.from(secret, 'utf8')) : null;
}

export function stateKey(secret: Buffer): StateKey {
  const block = Buffer.alloc(BLOCK);
  (secret.length > BLOCK ? createHash('sha256').update(secret).digest() : secret).copy(block);
  const pad = (x: number): string => `unhex('${Buffer.from(block.map((b) => b ^ x)).toString('hex')}')`;
  const inner = pad(0x36);
  const outer = pad(0x5c);
  const mac = (text: string): Buffer => createHmac('sha256', secret).update(text, 'utf8').digest().subarray(0, KEY_BYTES);
  return {
    ofId: mac,
    sql: (id) => `unhex(substr(sha256(${outer} || unhex(sha256(${inner} || encode(${id})))), 1, ${KEY_BYTES * 2}))`,
    check: mac('tallyboard state key check').toString('hex')
  };
}
