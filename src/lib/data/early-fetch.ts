/**
 * The dashboard's first data requests, started by a script in the page's head while the app's code is still on
 * its way, with the cube inflated as its bytes arrive: the browser's main thread has little else to do then, and
 * when the app starts, the cube is downloaded and inflated instead of only downloaded (on the demo's 870 kB cube
 * the inflate is 50–200 ms of the first load, depending on the machine's load). The app takes these requests
 * once, for its first load; every later load (refresh) fetches anew.
 */

/** One file requested early: its response, and for the cube its body inflated (rejected if it is not gzip). */
export interface EarlyFile {
  response: Promise<Response>;
  inflated: Promise<ArrayBuffer> | null;
}

/** Where the head's script leaves the requests for the app. */
const GLOBAL_KEY = '__tallyboardEarly';

/** What the first paint reads, by the fixed names the pipeline publishes (data-pipeline/export/write-dataset.ts). */
const FIRST_PAINT_FILES = ['manifest.json', 'registrations.tbc', 'regions.json', 'headquarters.json', 'events.json'];
const CUBE = 'registrations.tbc';

/**
 * Runs in the page's head as a script of its own (its source is copied there): it may use no imported or outer
 * name. The same request as the app's (`cache: 'no-cache'`), so it takes over the head's preload of the file.
 */
function startEarlyFetch(key: string, files: readonly string[], cube: string): void {
  const base = new URL('data/', document.baseURI);
  const early: Record<string, EarlyFile> = {};
  for (const path of files) {
    const response = fetch(new URL(path, base), { cache: 'no-cache' });
    let inflated: Promise<ArrayBuffer> | null = null;
    if (path === cube) {
      // One branch of the body inflates as it downloads; the other keeps the bytes the app checks the hash of.
      const split = response.then((res) => {
        if (!res.ok || !res.body) return { res, inflated: Promise.reject(new Error('no body')) };
        const [kept, inflating] = res.body.tee();
        return {
          res: new Response(kept, { status: res.status, statusText: res.statusText, headers: res.headers }),
          inflated: new Response(inflating.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
        };
      });
      early[path] = { response: split.then((s) => s.res), inflated: split.then((s) => s.inflated) };
    } else {
      early[path] = { response, inflated };
    }
    if (path === 'manifest.json') {
      // The engine's first step asks Intl for the campaign's time zone (shared/time/zone-clock.ts, the same
      // options), whose first use loads the zone and locale data: 30–45 ms of the first load. Asked here, while
      // the cube is still downloading, the engine finds them loaded.
      response
        .then((res) => res.clone().json())
        .then((manifest: { campaign: { timeZone: string } }) =>
          new Intl.DateTimeFormat('en-US', { timeZone: manifest.campaign.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(0)
        )
        .catch(() => {});
    }
    // Awaited by the app; marked handled here so that a page that fails before it does reports nothing twice.
    early[path].response.catch(() => {});
    early[path].inflated?.catch(() => {});
  }
  (globalThis as unknown as Record<string, unknown>)[key] = early;
}

/** The `<script>` element for the page's head. */
export const EARLY_FETCH_SCRIPT = `<script>(${startEarlyFetch.toString()})(${JSON.stringify(GLOBAL_KEY)}, ${JSON.stringify(FIRST_PAINT_FILES)}, ${JSON.stringify(CUBE)})</script>`;

/** The early requests by file name, for the first load only: taken once, later calls get an empty map. */
export function takeEarlyFiles(): Map<string, EarlyFile> {
  const holder = globalThis as unknown as Record<string, Record<string, EarlyFile> | undefined>;
  const early = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  return new Map(Object.entries(early ?? {}));
}
