/**
 * Loads the published data set over HTTP relative to the page, and turns every way that can fail into a
 * message a person can act on: no data yet (run the pipeline), a file damaged in transit or out of date
 * (hash mismatch, undecodable cube), or data from another format version.
 */
import { loadCore, loadFirst, loadHourly, loadRegional, type ByteReader, type CoreData, type InflatedReader, type RegionalData } from '$shared/cube/dataset';
import type { Manifest } from '$shared/cube/format';
import { parseManifest } from '$shared/cube/manifest';
import { readStream } from '$shared/cube/read-stream';
import type { EarlyFile } from './early-fetch';

/** Bytes of one file received so far; `total` when the server said how many are coming. */
export interface FileProgress {
  path: string;
  loaded: number;
  total: number | null;
}

export type ProgressListener = (progress: FileProgress) => void;

export type LoadErrorKind = 'missing' | 'corrupt' | 'version' | 'network';

export class LoadError extends Error {
  constructor(
    readonly kind: LoadErrorKind,
    message: string
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

/**
 * The body's bytes, reported as they arrive. Content-Length counts the bytes on the wire, so it is the total only
 * when the server did not compress the response on the fly (the cubes are gzip files served as they are).
 */
async function bodyBytes(res: Response, path: string, onProgress?: ProgressListener): Promise<Uint8Array> {
  if (!onProgress || !res.body) return new Uint8Array(await res.arrayBuffer());
  const length = Number(res.headers.get('content-length'));
  const total = length > 0 && !res.headers.has('content-encoding') ? length : null;
  onProgress({ path, loaded: 0, total });
  return readStream(res.body, total ?? 1 << 16, (loaded) => onProgress({ path, loaded, total }));
}

/** One file's bytes, or the LoadError that says why not; `early` is its request when already made. */
async function fetchFile(base: URL, path: string, onProgress?: ProgressListener, early?: Promise<Response>): Promise<Uint8Array> {
  let res: Response;
  try {
    // The file names are fixed and a new publish rewrites them: revalidate every time (a 304 when unchanged).
    res = await (early ?? fetch(new URL(path, base), { cache: 'no-cache' }));
  } catch (e) {
    throw new LoadError('network', `${path}: ${(e as Error).message}`);
  }
  if (res.status === 404) {
    throw path === 'manifest.json'
      ? new LoadError('missing', `data/${path} not found (HTTP 404)`)
      : new LoadError('corrupt', `data/${path} is listed in manifest.json but not found (HTTP 404)`);
  }
  if (!res.ok) throw new LoadError('network', `data/${path}: HTTP ${res.status}`);
  try {
    return await bodyBytes(res, path, onProgress);
  } catch (e) {
    throw new LoadError('network', `${path}: ${(e as Error).message}`);
  }
}

/** A loader's failure as the page shows it: a format error by its message, anything else as damage. */
function loadErrorOf(error: Error): LoadError {
  if (error.name === 'CubeFormatError') return new LoadError(/format version/.test(error.message) ? 'version' : 'corrupt', error.message);
  return new LoadError('corrupt', error.message);
}

/**
 * Runs a loader over HTTP, reporting a failed fetch by its own reason (the loaders rewrap a failed manifest read as
 * a format error) and any other failure as the page shows it. On the main thread: a Web Worker was tried and
 * measured slower here (by 85–100 ms on 2 cores), as the load is one chain (bytes → table → first render) that
 * the page's own start-up barely overlaps. Tried again (issue 16) with the head's script relaying the download's
 * chunks to a worker that inflated, hashed and decoded the cube and summed the engine's opening tallies: slower
 * still, a median first load of 1,249 ms against 1,108 (15 interleaved loads, load average 6.5). The worker only
 * started 400–600 ms into the load (its script queues behind the page's own requests) and its cold code took
 * longer than the main thread's, which meanwhile sat idle waiting for it.
 */
export async function overHttp<T>(
  base: URL,
  load: (read: ByteReader, inflated: InflatedReader) => Promise<T>,
  onProgress?: ProgressListener,
  early: ReadonlyMap<string, EarlyFile> = new Map()
): Promise<T> {
  let readFailure: LoadError | null = null;
  const read = async (path: string): Promise<Uint8Array> => {
    try {
      return await fetchFile(base, path, onProgress, early.get(path)?.response);
    } catch (e) {
      if (e instanceof LoadError) readFailure ??= e;
      throw e;
    }
  };
  // Null (inflate the bytes read) when the early inflate failed: the bytes may not be gzip (a server that decoded
  // them), and the decoder says what is wrong with them, if anything.
  const inflated = async (path: string): Promise<Uint8Array | null> => {
    const pending = early.get(path)?.inflated;
    return pending ? pending.then((buffer) => new Uint8Array(buffer), () => null) : null;
  };
  try {
    return await load(read, inflated);
  } catch (e) {
    throw readFailure ?? loadErrorOf(e as Error);
  }
}

/**
 * What the first paint needs: manifest, registrations, regions, headquarters, events; `onProgress` hears every
 * file's download; `early` holds the requests the page's head already made (see early-fetch.ts).
 */
export function fetchCore(base: URL, onProgress?: ProgressListener, early?: ReadonlyMap<string, EarlyFile>): Promise<CoreData> {
  return overHttp(base, loadCore, onProgress, early);
}

/**
 * What the first paint reads, from the daily roll-up when the manifest lists one (`CoreData.daily`), else as
 * `fetchCore`; `onProgress` and `early` as for `fetchCore`.
 */
export function fetchFirst(base: URL, onProgress?: ProgressListener, early?: ReadonlyMap<string, EarlyFile>): Promise<CoreData> {
  return overHttp(base, loadFirst, onProgress, early);
}

/** The hourly cube for the data set `first` showed from its daily roll-up, checked against the same manifest. */
export function fetchHourly(base: URL, first: CoreData): Promise<CoreData> {
  return overHttp(base, (read) => loadHourly(read, first));
}

/** The deliveries cube and the region shapes, for the views below the fold, once the page has painted. */
export function fetchRegional(base: URL, manifest: Manifest): Promise<RegionalData> {
  return overHttp(base, (read) => loadRegional(read, manifest));
}

/** The manifest as published now, for the refresh loop's check. */
export function fetchManifest(base: URL): Promise<Manifest> {
  return overHttp(base, async (read) => parseManifest(JSON.parse(new TextDecoder().decode(await read('manifest.json')))));
}
