import { describe, expect, it } from 'vitest';
import { patchAttributes, type AttributeTarget } from '../../../src/lib/views/patch-attributes.ts';

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
});
