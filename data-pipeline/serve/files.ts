/**
 * Finding and opening the one file a request names, inside one folder, in a way that cannot disagree with itself
 * when the folder is replaced under it: the file is opened once, its size is taken from the open descriptor, and
 * the body is read from that same descriptor. A rename of the folder after the open leaves the descriptor on the
 * old, complete file, so Content-Length and the bytes sent always belong to one file.
 */
import { constants, type Stats } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/** The request's path as folder-relative segments, or why it is refused. */
export type RequestPath = { segments: string[] } | { refused: 400 | 404 };

/**
 * Splits a URL path into decoded segments. Dot segments, dotfiles, separators or NUL smuggled in through
 * percent-encoding are refused, so no segment can climb out of the folder or reach `.git`, `.env` and the like.
 */
export function requestPath(pathname: string): RequestPath {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { refused: 400 };
    }
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return { refused: 404 };
    segments.push(segment);
  }
  return { segments };
}

export interface OpenFile {
  handle: FileHandle;
  stats: Stats;
  /** The path the file was opened at, for its type; never sent to the client. */
  path: string;
}

const isInside = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** Error codes that mean "no such regular file here", as opposed to a fault of the server's own. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EISDIR', 'ENAMETOOLONG']);

export class NotFound extends Error {}

/** An fs error as the response it becomes: absence (404) or a fault (500). */
export const isMissing = (e: unknown): boolean => e instanceof NotFound || MISSING.has((e as NodeJS.ErrnoException).code ?? '');

/**
 * Opens the regular file at `segments` inside `root` (a folder's `index.html` for a folder). Symlinks are followed
 * only while they stay inside the root: the root is resolved on every call, because a publish may re-point it.
 * Throws NotFound, or the fs error (see isMissing).
 */
export async function openInside(root: string, segments: string[]): Promise<OpenFile> {
  const realRoot = await realpath(root);
  let path = await realpath(join(realRoot, ...segments));
  if (!isInside(path, realRoot)) throw new NotFound();
  for (let attempt = 0; attempt < 2; attempt++) {
    // O_NOFOLLOW: the path was resolved above, so a symlink appearing at it since then is refused, not followed.
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = await handle.stat().catch(async (e: unknown) => {
      await handle.close();
      throw e;
    });
    if (stats.isFile()) return { handle, stats, path };
    await handle.close();
    if (!stats.isDirectory() || attempt > 0) break;
    path = join(path, 'index.html');
  }
  throw new NotFound();
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  // WebAssembly.instantiateStreaming (DuckDB-WASM on the SQL page) refuses any other type, and has no fallback there.
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json'
};

/** The cubes (`.tbc`) and anything unknown go out as bytes: with nosniff, the browser never guesses otherwise. */
export const contentType = (path: string): string => TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/**
 * A validator that changes whenever the file does: a publish writes new files (new inode, new mtime), never edits
 * one in place. Taken from the open descriptor, so it describes the bytes being sent.
 */
export const etagOf = (stats: Stats): string => `W/"${stats.ino.toString(36)}-${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}"`;
