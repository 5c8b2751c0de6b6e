/**
 * Keeps an open dashboard current: every `intervalMs` it re-reads manifest.json, and when the publish changed
 * (another generation time or another file's hash) it loads the new data in the background and hands it over.
 * Checks are chained, never overlapping: the next one is scheduled only when the last has finished, so a slow
 * network or a large cube cannot pile up requests. A failed check or load keeps the data on screen and tries
 * again at the next tick (a publish caught mid-swap fails its hash check and is simply read again later).
 */
import { DEFAULT_DASHBOARD_REFRESH, type CampaignInfo, type Manifest } from '$shared/cube/format';

/** `?refresh=SECONDS` overrides the campaign's setting; `?refresh=0` turns checking off. */
export function refreshSeconds(search: string | URLSearchParams, campaign: CampaignInfo): number {
  const raw = new URLSearchParams(search).get('refresh');
  const fromUrl = raw === null || raw.trim() === '' ? NaN : Number(raw);
  if (Number.isFinite(fromUrl) && fromUrl >= 0) return fromUrl;
  return (campaign.dashboard ?? DEFAULT_DASHBOARD_REFRESH).refreshSeconds;
}

/** What identifies a publish: its generation time and every file's content. */
export function publishKey(manifest: Manifest): string {
  const files = Object.entries(manifest.files)
    .map(([name, entry]) => `${name}:${entry.sha256}`)
    .sort();
  return [manifest.generatedAt, ...files].join('\n');
}

export function manifestChanged(shown: Manifest, latest: Manifest): boolean {
  return publishKey(shown) !== publishKey(latest);
}

export type CheckOutcome = 'unchanged' | 'updated' | 'failed';

export interface RefreshHooks<T> {
  /** The manifest as published now (never from a cache). */
  fetchManifest(): Promise<Manifest>;
  /** The manifest of the data on screen. */
  shown(): Manifest;
  /** True while the data on screen is not the whole publish (days only): a check then loads it even if unchanged. */
  incomplete?(): boolean;
  /** Loads the data set the new manifest announces; nothing on screen changes until `apply`. */
  load(latest: Manifest): Promise<T>;
  apply(data: T): void;
  /** Told after every check, so the page can say when it last looked and what went wrong. */
  checked?(outcome: CheckOutcome, error: Error | null): void;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const GLOBAL_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export class RefreshLoop<T> {
  private handle: unknown = null;
  private started = false;
  private disposed = false;
  private running: Promise<CheckOutcome> | null = null;

  constructor(
    private readonly hooks: RefreshHooks<T>,
    private readonly intervalMs: number,
    private readonly timers: Timers = GLOBAL_TIMERS
  ) {}

  start(): void {
    if (this.started || this.disposed || this.intervalMs <= 0) return;
    this.started = true;
    this.schedule();
  }

  /** For good: the page is going away. */
  stop(): void {
    this.disposed = true;
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }

  /** One check now; joins the one in progress rather than starting a second. */
  check(): Promise<CheckOutcome> {
    this.running ??= this.runCheck().finally(() => (this.running = null));
    return this.running;
  }

  private schedule(): void {
    if (this.disposed) return;
    this.handle = this.timers.set(() => {
      this.handle = null;
      void this.check().then(() => this.schedule());
    }, this.intervalMs);
  }

  private async runCheck(): Promise<CheckOutcome> {
    let outcome: CheckOutcome = 'unchanged';
    let error: Error | null = null;
    try {
      const latest = await this.hooks.fetchManifest();
      if (manifestChanged(this.hooks.shown(), latest) || this.hooks.incomplete?.()) {
        const data = await this.hooks.load(latest);
        // A stop while loading (the page left) must not touch a torn-down page.
        if (this.disposed) return 'unchanged';
        this.hooks.apply(data);
        outcome = 'updated';
      }
    } catch (e) {
      outcome = 'failed';
      error = e instanceof Error ? e : new Error(String(e));
    }
    this.hooks.checked?.(outcome, error);
    return outcome;
  }
}

/** The filters' query with the page's `refresh` parameter kept, so a reload or a shared link checks as often. */
export function withRefreshParam(query: string, search: string): string {
  const refresh = new URLSearchParams(search).get('refresh');
  if (refresh === null) return query;
  return `${query ? `${query}&` : '?'}refresh=${encodeURIComponent(refresh)}`;
}
