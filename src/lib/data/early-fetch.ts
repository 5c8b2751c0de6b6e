/**
 * The dashboard's first data requests, started by a script in the page's head while the app's code is still on
 * its way, with the cube inflated as its bytes arrive: the browser's main thread has little else to do then, and
 * when the app starts, the cube is downloaded and inflated instead of only downloaded (on the demo's 870 kB cube
 * the inflate is 50–200 ms of the first load, depending on the machine's load). The app takes these requests
 * once, for its first load; every later load (refresh, the hourly cube after a first paint from the daily
 * roll-up) fetches anew.
 */
import { DAILY_CUBE_PATH } from '$shared/cube/day-rollup';

/** One file requested early: its response, and for the cube its body inflated (rejected if it is not gzip). */
export interface EarlyFile {
  response: Promise<Response>;
  inflated: Promise<ArrayBuffer> | null;
}

/** Where the head's script leaves the requests for the app. */
const GLOBAL_KEY = '__tallyboardEarly';

/** What the first paint reads besides its cube, by the fixed names the pipeline publishes (data-pipeline/export/write-dataset.ts). */
const FIRST_PAINT_FILES = ['manifest.json', 'regions.json', 'headquarters.json', 'events.json'];
/** The cubes the first paint may read: the daily roll-up when the manifest lists it, else the hourly cube. */
const CUBES = [DAILY_CUBE_PATH, 'registrations.tbc'];

/**
 * Runs in the page's head as a script of its own (its source is copied there): it may use no imported or outer
 * name. The same request as the app's (`cache: 'no-cache'`), so it takes over the head's preload of the file.
 * The cube is requested once the manifest says which one the first paint reads (`files.registrationsDaily`, or
 * the hourly cube for a data set published before the roll-up existed): only that one is fetched early; the
 * other's entry rejects, and the app, reading the same manifest, never asks for it.
 */
function startEarlyFetch(key: string, files: readonly string[], cubes: readonly string[]): void {
  const base = new URL('data/', document.baseURI);
  const early: Record<string, EarlyFile> = {};
  const request = (path: string) => fetch(new URL(path, base), { cache: 'no-cache' });
  for (const path of files) early[path] = { response: request(path), inflated: null };
  const manifest = early['manifest.json'].response.then((res) => res.clone().json()) as Promise<{
    campaign: { timeZone: string };
    files?: { registrationsDaily?: { path: string } };
  }>;
  const chosen = manifest.then(
    (m) => (m.files && m.files.registrationsDaily ? m.files.registrationsDaily.path : cubes[cubes.length - 1]),
    () => cubes[cubes.length - 1]
  );
  for (const path of cubes) {
    // One branch of the body inflates as it downloads; the other keeps the bytes the app checks the hash of.
    const split = chosen.then((cube) => {
      if (cube !== path) throw new Error(`${path} not requested early`);
      return request(path).then((res) => {
        if (!res.ok || !res.body) return { res, inflated: Promise.reject(new Error('no body')) };
        const [kept, inflating] = res.body.tee();
        return {
          res: new Response(kept, { status: res.status, statusText: res.statusText, headers: res.headers }),
          inflated: new Response(inflating.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
        };
      });
    });
    early[path] = { response: split.then((s) => s.res), inflated: split.then((s) => s.inflated) };
  }
  // The engine's first step asks Intl for the campaign's time zone (shared/time/zone-clock.ts, the same
  // options), whose first use loads the zone and locale data: 30–45 ms of the first load. Asked here, while
  // the cube is still downloading, the engine finds them loaded. In a task of its own: a fetch is sent once
  // the task that called it ends, and run with the cube's request, this held it back by as long (traced: the
  // cube requested 60–90 ms after the manifest arrived instead of at once; interleaved first loads, median
  // 637 → 621 ms, the cube's download over at 287 → 271 ms, load 3.6).
  manifest
    .then((m) =>
      setTimeout(() => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: m.campaign.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(0);
        } catch {
          // A zone Intl does not know: the engine says so when it starts.
        }
      })
    )
    .catch(() => {});
  // Awaited by the app; marked handled here so that a page that fails before it does reports nothing twice.
  for (const path of Object.keys(early)) {
    early[path].response.catch(() => {});
    early[path].inflated?.catch(() => {});
  }
  (globalThis as unknown as Record<string, unknown>)[key] = early;
}

/** Where src/app.html takes the script: src/hooks.server.ts writes it there when the dashboard is prerendered. */
export const EARLY_FETCH_MARK = '<!--tallyboard:early-fetch-->';

/** The `<script>` element for the page's head. */
export const EARLY_FETCH_SCRIPT = `<script>(${startEarlyFetch.toString()})(${JSON.stringify(GLOBAL_KEY)}, ${JSON.stringify(FIRST_PAINT_FILES)}, ${JSON.stringify(CUBES)})</script>`;

/** The early requests by file name, for the first load only: taken once, later calls get an empty map. */
export function takeEarlyFiles(): Map<string, EarlyFile> {
  const holder = globalThis as unknown as Record<string, Record<string, EarlyFile> | undefined>;
  const early = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  return new Map(Object.entries(early ?? {}));
}
