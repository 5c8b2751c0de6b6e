/**
 * One tab stop for a set of marks (event markers, map regions, headquarters): Tab enters at the last one used,
 * arrows move between them, Enter or Space activates. 190 markers as 190 tab stops would bury the page after them.
 */
export class RovingFocus {
  #index = $state(0);

  /** @param selector finds the set's elements, in order, inside the focused element's parent. */
  constructor(private readonly selector: string) {}

  tabindex(i: number, count: number): 0 | -1 {
    return i === Math.min(this.#index, count - 1) ? 0 : -1;
  }

  keydown(event: KeyboardEvent, i: number, count: number, activate: () => void): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate();
      return;
    }
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -i, End: count - 1 - i };
    if (!(event.key in step) || count === 0) return;
    event.preventDefault();
    this.#index = (i + step[event.key] + count) % count;
    const marks = (event.currentTarget as Element).parentElement?.querySelectorAll<SVGElement | HTMLElement>(this.selector);
    marks?.[this.#index]?.focus();
  }
}
