import { describe, expect, it } from 'vitest';
import { schemeBlues } from 'd3';
import { classLabels, classOf, COUNT_CLASSES, countClasses, countClassWidth, SHARE_CLASSES } from '../../../src/lib/geo/map-classes.ts';

const grouped = (n: number) => n.toLocaleString('en-US');

describe('count classes', () => {
  it('are 1, 2 or 5 × 10ⁿ wide, the narrowest such that five of them hold the largest count', () => {
    expect(countClassWidth(1000)).toBe(200);
    expect(countClassWidth(1001)).toBe(500);
    expect(countClassWidth(2500)).toBe(500);
    expect(countClassWidth(2501)).toBe(1000);
    expect(countClassWidth(5000)).toBe(1000);
    expect(countClassWidth(5001)).toBe(2000);
    expect(countClassWidth(48_000)).toBe(10_000);
    expect(countClassWidth(4_900_001)).toBe(1_000_000);
  });

  it('keep their bounds while the largest count moves inside a step of the ladder, as on most brush moves', () => {
    const widths = new Set([1001, 1400, 1999, 2321, 2500].map(countClassWidth));
    expect([...widths]).toEqual([500]);
  });

  it('are at least one wide: counts are whole, and an empty brush still has classes', () => {
    expect(countClassWidth(0)).toBe(1);
    expect(countClassWidth(3)).toBe(1);
    expect(countClassWidth(-Infinity)).toBe(1);
    expect(countClassWidth(6)).toBe(2);
  });

  it('are five, from 0, light to dark in the ColorBrewer blues', () => {
    const classes = countClasses(200);
    expect(classes).toHaveLength(COUNT_CLASSES);
    expect(classes.map((c) => c.from)).toEqual([0, 200, 400, 600, 800]);
    expect(classes.map((c) => c.color)).toEqual([...schemeBlues[5]]);
  });
});

describe('classOf', () => {
  const classes = countClasses(200);
  it('puts a bound in the class it starts, and everything past the last bound in the last class', () => {
    expect(classOf(classes, 0)).toBe(classes[0]);
    expect(classOf(classes, 199)).toBe(classes[0]);
    expect(classOf(classes, 200)).toBe(classes[1]);
    expect(classOf(classes, 799)).toBe(classes[3]);
    expect(classOf(classes, 800)).toBe(classes[4]);
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
    expect(classLabels(countClasses(2000), 1, grouped)).toEqual(['0–1,999', '2,000–3,999', '4,000–5,999', '6,000–7,999', '≥ 8,000']);
  });

  it('writes a class one wide as its one value', () => {
    expect(classLabels(countClasses(1), 1, String)).toEqual(['0', '1', '2', '3', '≥ 4']);
  });

  it('writes shares in per cent, the last class a cap reached', () => {
    expect(classLabels(SHARE_CLASSES, 100, String, '%')).toEqual(['0–19%', '20–39%', '40–59%', '60–79%', '80–99%', '≥ 100%']);
  });
});
