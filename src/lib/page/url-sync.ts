import type { HistoryMode } from '$lib/engine/live-engine.svelte';

/**
 * The URL follows the filters a moment later, off the brush's critical path: history calls cost several ms each
 * and browsers throttle them. Changes in one burst make one entry, a new one if any asked for it.
 */
export const URL_DELAY_MS = 120;

export interface UrlSyncPort {
  /** How the last filter change wants to be recorded (LiveEngine.takeHistoryMode). */
  takeMode(): HistoryMode;
  /** The query for the current filters, or null when there are none yet. */
  query(): string | null;
  /** The page's location now. */
  location(): { pathname: string; search: string };
  write(url: string, mode: 'push' | 'replace'): void;
}

export class UrlSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private burstMode: HistoryMode = 'none';

  constructor(
    private readonly port: UrlSyncPort,
    private readonly delayMs = URL_DELAY_MS
  ) {}

  /** Called on every filter change. */
  changed(): void {
    const mode = this.port.takeMode();
    if (mode === 'none') {
      // Back/forward already moved the URL; a pending write from before it is stale.
      this.cancel();
      return;
    }
    if (mode === 'push' || this.burstMode === 'none') this.burstMode = mode;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.burstMode = 'none';
  }

  private flush(): void {
    const mode = this.burstMode;
    this.burstMode = 'none';
    const query = this.port.query();
    if (mode === 'none' || query === null) return;
    const { pathname, search } = this.port.location();
    if (query === search) return;
    this.port.write(pathname + query, mode);
  }
}
