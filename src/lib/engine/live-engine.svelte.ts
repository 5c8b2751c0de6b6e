/**
 * Svelte 5 bridge to the engine, shared by every view (including the regional views: map, readiness,
 * delivery). The engine is plain TypeScript and knows nothing of runes; this wrapper subscribes once and bumps
 * `version` on every filter change. A component reads `live.version` inside `$derived` to re-run its query:
 *
 *   let { live }: { live: LiveEngine } = $props();
 *   const rows = $derived.by(() => (live.version, live.engine.byRegion()));
 *
 * and changes filters with `live.set(patch)`; the page mirrors every change into the URL (a new history
 * entry by default; `'replace'` while a drag is in progress so back does not step through every pixel).
 * Calling `engine.setFilters` directly also works and counts as `'push'`.
 */
import { tick } from 'svelte';
import type { FilterState, RegistrationsEngine } from '$shared/scan/types';

/** How a filter change enters the browser history: a new entry, a rewrite of the current one, or none (back/forward). */
export type HistoryMode = 'push' | 'replace' | 'none';

/** What a view reads and writes: the shared engine, the filters, a version to re-run on, and `set`. */
export interface LiveView {
  readonly engine: RegistrationsEngine;
  readonly version: number;
  readonly filters: FilterState;
  set(patch: Partial<FilterState>, history?: HistoryMode): void;
}

export class LiveEngine implements LiveView {
  version = $state(0);
  filters: FilterState;
  readonly engine: RegistrationsEngine;
  /** Milliseconds from the last `set` to every view's DOM being updated (tests and the bench read it). */
  lastUpdateMs = 0;
  /** Read (and reset) by the page's URL sync in its subscriber. */
  pendingHistory: HistoryMode = 'push';
  private readonly unsubscribe: () => void;

  constructor(engine: RegistrationsEngine) {
    this.engine = engine;
    this.filters = $state.raw(engine.getFilters());
    this.unsubscribe = engine.subscribe((f) => {
      this.filters = f;
      this.version++;
    });
  }

  set(patch: Partial<FilterState>, history: HistoryMode = 'push'): void {
    this.pendingHistory = history;
    const started = performance.now();
    this.engine.setFilters(patch);
    void tick().then(() => (this.lastUpdateMs = performance.now() - started));
  }

  /** Which history mode the last change asked for; the next change defaults to 'push' again. */
  takeHistoryMode(): HistoryMode {
    const mode = this.pendingHistory;
    this.pendingHistory = 'push';
    return mode;
  }

  dispose(): void {
    this.unsubscribe();
  }
}
