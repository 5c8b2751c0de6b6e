/**
 * Which compressed copy of a hashed asset a response may carry. The site build writes them beside the asset
 * (site-precompress.js): on the SQL page, DuckDB-WASM's 34 MB module goes out as 6.2 MB of brotli.
 */
import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

/** A compressed copy: its Content-Encoding and the suffix of its file. */
export interface Precompressed {
  encoding: 'br' | 'gzip';
  suffix: '.br' | '.gz';
}

/** Brotli first: smaller than gzip for the same asset (the module: 6.2 against 7.7 MB). */
const COPIES: readonly Precompressed[] = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' }
];
const OFFERED = [...COPIES.map((c) => c.encoding), 'identity'];

// @types/negotiator 0.6 predates negotiator 1.0's `preferred` option, which breaks ties in the server's order.
type Encodings = (available: readonly string[], options: { preferred: readonly string[] }) => string[];

/**
 * The compressed copies the request accepts, best first: by the client's q-values, then brotli before gzip. Stops
 * at identity, when the client prefers it to the rest.
 */
export function acceptedCopies(req: IncomingMessage): Precompressed[] {
  const negotiator = new Negotiator(req);
  const order = (negotiator.encodings as unknown as Encodings).call(negotiator, OFFERED, { preferred: OFFERED });
  const end = order.indexOf('identity');
  return (end < 0 ? order : order.slice(0, end)).flatMap((e) => COPIES.filter((c) => c.encoding === e));
}
