import { describe, expect, it } from 'vitest';
import { patchAttributes, patchTexts, type AttributeTarget, type TextTarget } from '../../../src/lib/views/patch-attributes.ts';

/** The two methods the patch uses, over a plain map, as an SVG element keeps its attributes. */
class Attributes implements AttributeTarget {
  readonly values = new Map<string, string>();
  writes = 0;
  getAttribute(name: string): string | null {
    return this.values.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.writes++;
    this.values.set(name, value);
  }
  removeAttribute(name: string): void {
    this.writes++;
    this.values.delete(name);
  }
}

/** An element with at most one text node, as a table cell rendered empty and then written by the patch. */
class Cell implements TextTarget {
  firstChild: { nodeValue: string | null } | null = null;
  created = 0;
  get textContent(): string | null {
    return this.firstChild?.nodeValue ?? '';
  }
  set textContent(value: string | null) {
    this.created++;
    this.firstChild = { nodeValue: value };
  }
}

describe('patchAttributes', () => {
  it('writes every value the first time, then only those that changed', () => {
    const els = [new Attributes(), new Attributes(), new Attributes()];
    expect(patchAttributes(els, 'fill', ['#111', '#222', '#333'])).toBe(3);
    expect(els.map((e) => e.getAttribute('fill'))).toEqual(['#111', '#222', '#333']);
    expect(patchAttributes(els, 'fill', ['#111', '#999', '#333'])).toBe(1);
    expect(els.map((e) => e.writes)).toEqual([1, 2, 1]);
    expect(els[1].getAttribute('fill')).toBe('#999');
  });

  it('writes numbers as the DOM would show them and leaves other attributes alone', () => {
    const el = new Attributes();
    el.setAttribute('r', '4');
    el.setAttribute('data-hq', 'hq-1');
    expect(patchAttributes([el], 'r', [4])).toBe(0);
    expect(patchAttributes([el], 'r', [6.5])).toBe(1);
    expect(el.getAttribute('r')).toBe('6.5');
    expect(el.getAttribute('data-hq')).toBe('hq-1');
  });

  it('refuses lists of different lengths rather than painting the wrong elements', () => {
    expect(() => patchAttributes([new Attributes()], 'fill', ['#111', '#222'])).toThrow(/1 elements, 2 values of fill/);
  });

  it('leaves out an attribute whose value is null, as Svelte does, and removes it when it becomes null', () => {
    const el = new Attributes();
    expect(patchAttributes([el], 'title', [null])).toBe(0);
    expect(el.writes).toBe(0);
    expect(patchAttributes([el], 'title', ['80 % range 1–2'])).toBe(1);
    expect(patchAttributes([el], 'title', [null])).toBe(1);
    expect(el.getAttribute('title')).toBeNull();
  });
});

describe('patchTexts', () => {
  it('creates each text node once, then rewrites only the texts that changed', () => {
    const cells = [new Cell(), new Cell(), new Cell()];
    expect(patchTexts(cells, ['1,234', '56', ''])).toBe(2);
    expect(cells.map((c) => c.textContent)).toEqual(['1,234', '56', '']);
    expect(patchTexts(cells, ['1,234', '57', 'at risk'])).toBe(2);
    expect(cells.map((c) => c.textContent)).toEqual(['1,234', '57', 'at risk']);
    // The first two keep their node: rewritten in place, not replaced.
    expect(cells.map((c) => c.created)).toEqual([1, 1, 1]);
  });

  it('refuses lists of different lengths', () => {
    expect(() => patchTexts([new Cell()], ['1', '2'])).toThrow(/1 elements, 2 values of text/);
  });
});
