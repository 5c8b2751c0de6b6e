/**
 * A view's window on the shared LiveEngine that follows filter changes only while the view is on screen, like
 * Observable's `visibility()`: a brush move then costs only the views a person can see, and a view scrolled
 * into sight catches up at once, from the filters of that moment.
 *
 * It works through Svelte's dependency tracking: off screen, `filters` and `version` read only `onScreen`, so
 * a derived built on them does not re-run on a brush move; when `onScreen` turns true, they re-run and read the
 * live values again.
 */
import { untrack } from 'svelte';
import type { HistoryMode, LiveEngine, LiveView } from '../engine/live-engine.svelte';
import type { FilterState, RegistrationsEngine } from '$shared/scan/types';

/** Pixels of a view that must be in the viewport for it to count as on screen (see `observe`). */
export const SLIVER_PX = 48;

export class OnScreenView implements LiveView {
  /** Off until the observer first reports: the view renders once from the filters it was created with. */
  onScreen = $state(false);
  readonly #live: LiveEngine;
  #filters: FilterState;
  #version: number;

  constructor(live: LiveEngine) {
    this.#live = live;
    this.#filters = untrack(() => live.filters);
    this.#version = untrack(() => live.version);
  }

  get engine(): RegistrationsEngine {
    return this.#live.engine;
  }

  get filters(): FilterState {
    if (this.onScreen) this.#filters = this.#live.filters;
    return this.#filters;
  }

  get version(): number {
    if (this.onScreen) this.#version = this.#live.version;
    return this.#version;
  }

  set(patch: Partial<FilterState>, history?: HistoryMode): void {
    this.#live.set(patch, history);
  }

  /**
   * Svelte attachment for the view's container: keeps `onScreen` true while at least SLIVER_PX of it are in the
   * viewport. An edge thinner than that shows a panel's padding or title, no numbers, so it does not make the
   * view pay for every brush move; it catches up as soon as it is scrolled further in.
   */
  readonly observe = (node: Element): (() => void) => {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) this.onScreen = e.isIntersecting;
      },
      { rootMargin: `-${SLIVER_PX}px 0px` }
    );
    observer.observe(node);
    return () => observer.disconnect();
  };
}
