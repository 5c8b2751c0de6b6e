/**
 * The security headers every response carries, and the Content-Security-Policy of the pages.
 *
 * SvelteKit's adapter-static starts the app with an inline `<script>` whose text changes with every build, so the
 * policy cannot be a constant: the server hashes each page's inline scripts and styles as it sends the page. This
 * keeps the policy in one place (here) and works for any build of the site, without a CSP setting in
 * svelte.config.js that would have to be kept in step with it.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin'
};

/** Anything that is not a page (data, scripts, errors) renders nothing active, even when opened directly. */
const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A script's own policy, which the browser applies only when the script runs as a worker (a page's scripts run
 * under the page's policy): the SQL page's DuckDB-WASM worker fetches and compiles its WebAssembly module
 * ('wasm-unsafe-eval' allows compiling WebAssembly, not JavaScript eval) and reads the data over HTTP.
 */
export const WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function setSecurityHeaders(res: ServerResponse, policy = RESOURCE_POLICY): void {
  for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
  res.setHeader('content-security-policy', policy);
}

const hashes = (html: string, element: 'script' | 'style'): string[] => {
  // Only inline elements: a <script src> is covered by 'self'.
  const pattern = new RegExp(`<${element}\\b(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${element}>`, 'gi');
  return [...html.matchAll(pattern)].filter((m) => m[1].length > 0).map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
};

/**
 * The policy of one page: its own scripts, styles, data and images only, its inline bootstrap by hash.
 * `style-src-attr 'unsafe-inline'` because Svelte writes `style="…"` attributes (colour swatches, the map's
 * tooltip position) and the page template has one; a style attribute cannot run script or load anything, which
 * `default-src 'self'` and `img-src` still govern.
 */
export function pagePolicy(html: string): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...hashes(html, 'script')].join(' '),
    ["style-src 'self'", ...hashes(html, 'style')].join(' '),
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ');
}
