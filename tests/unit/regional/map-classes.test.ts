import { describe, expect, it } from 'vitest';
import { schemeBlues } from 'd3';
import { classesTop, classLabels, classOf, COUNT_CLASSES, countClasses, SHARE_CLASSES } from '../../../src/lib/geo/map-classes.ts';

const grouped = (n: number) => n.toLocaleString('en-US');

describe('count classes', () => {
  it('top out at the smallest 1, 2 or 5 × 10ⁿ above the largest count', () => {
    expect([1, 1.9, 2, 4, 5, 999, 1000, 1999, 2000, 48_000, 4_999_999].map(classesTop)).toEqual([2, 2, 5, 5, 10, 1000, 2000, 2000, 5000, 50_000, 5_000_000]);
  });

  it('keep their top while the largest count moves inside a step of the ladder, as on most brush moves', () => {
    expect(new Set([2000, 2400, 3999, 4321, 4999].map(classesTop))).toEqual(new Set([5000]));
  });

  it('have a top of 1 when nothing is counted', () => {
    expect([0, -Infinity, 0.5].map(classesTop)).toEqual([1, 1, 1]);
  });

  it('are five below a top, each bound the step of the ladder below the next, light to dark in the ColorBrewer blues', () => {
    const classes = countClasses(50_000);
    expect(classes.map((c) => [c.from, c.to])).toEqual([
      [0, 2000],
      [2000, 5000],
      [5000, 10_000],
      [10_000, 20_000],
      [20_000, 50_000]
    ]);
    expect(classes.map((c) => c.color)).toEqual([...schemeBlues[COUNT_CLASSES]]);
    expect(countClasses(1000).map((c) => c.from)).toEqual([0, 50, 100, 200, 500]);
  });

  it('are fewer when the top is too small for five whole bounds, in the lightest shades', () => {
    expect(countClasses(10).map((c) => c.from)).toEqual([0, 1, 2, 5]);
    expect(countClasses(2).map((c) => c.from)).toEqual([0, 1]);
    expect(countClasses(2).map((c) => c.color)).toEqual(schemeBlues[3].slice(0, 2));
    expect(countClasses(1).map((c) => c.from)).toEqual([0]);
  });
});

describe('classOf', () => {
  const classes = countClasses(1000);
  it('puts a bound in the class it starts, and everything past the last bound in the last class', () => {
    expect(classOf(classes, 0)).toBe(classes[0]);
    expect(classOf(classes, 49)).toBe(classes[0]);
    expect(classOf(classes, 50)).toBe(classes[1]);
    expect(classOf(classes, 499)).toBe(classes[3]);
    expect(classOf(classes, 500)).toBe(classes[4]);
    expect(classOf(classes, 1_000_000)).toBe(classes[4]);
    expect(classOf(classes, -1)).toBe(classes[0]);
  });

  it('puts a share on a bound in its class, 60% too (0.6 is not 3 × 0.2 in floating point)', () => {
    expect(classOf(SHARE_CLASSES, 0.6)).toBe(SHARE_CLASSES[3]);
    expect(classOf(SHARE_CLASSES, 0.5999)).toBe(SHARE_CLASSES[2]);
    expect(classOf(SHARE_CLASSES, 0.9999)).toBe(SHARE_CLASSES[4]);
    expect(classOf(SHARE_CLASSES, 1)).toBe(SHARE_CLASSES[5]);
    expect(classOf(SHARE_CLASSES, 1.7)).toBe(SHARE_CLASSES[5]);
  });
});

describe('classLabels', () => {
  it('writes count classes as whole ranges that do not share a bound, the last one open', () => {
    expect(classLabels(countClasses(50_000), 1, grouped)).toEqual(['0–1,999', '2,000–4,999', '5,000–9,999', '10,000–19,999', '≥ 20,000']);
  });

  it('writes a class one wide as its one value', () => {
    expect(classLabels(countClasses(10), 1, String)).toEqual(['0', '1', '2–4', '≥ 5']);
  });

  it('writes shares in per cent, the last class a cap reached', () => {
    expect(classLabels(SHARE_CLASSES, 100, String, '%')).toEqual(['0–19%', '20–39%', '40–59%', '60–79%', '80–99%', '≥ 100%']);
  });
});
