/**
 * The map's shading in classes (a classed choropleth with a stepped legend), not a continuous ramp over the
 * brush's maximum. With a ramp every brush move changed the maximum, so every region changed colour and the whole
 * map was painted again each move, while a reader cannot match a shade on a ramp to a number anyway. In classes a
 * region changes colour only when its value crosses a class bound, and the bounds themselves move only when the
 * largest value crosses a round number: most moves leave most regions as they were.
 */
import { schemeBlues } from 'd3';

/** One class: values from `from` up to, not including, `to`; the last one holds whatever is above too. */
export interface MapClass {
  from: number;
  to: number;
  color: string;
}

/**
 * At most five classes for counts: enough to tell regions apart, few enough that each shade is told from its
 * neighbours (ColorBrewer's sequential schemes stay distinguishable up to about seven).
 */
export const COUNT_CLASSES = 5;

/**
 * The top of the count classes for a largest value `max`: the smallest 1, 2 or 5 × 10ⁿ above it (at least 1,
 * counts being whole). The classes stay put until the largest value crosses it: a step of the 1–2–5 ladder, from
 * 2 to 2.5 times the last one.
 */
export function classesTop(max: number): number {
  if (!(max >= 1)) return 1;
  const decade = 10 ** Math.floor(Math.log10(max));
  return [2, 5, 10].find((f) => f * decade > max)! * decade;
}

/** The step of the 1–2–5 ladder below `step` (itself on the ladder): 1,000 → 500, 500 → 200, 200 → 100. */
function stepBelow(step: number): number {
  const decade = 10 ** Math.floor(Math.log10(step));
  const factor = Math.round(step / decade);
  return factor === 1 ? decade / 2 : factor === 2 ? decade : 2 * decade;
}

/**
 * Count classes under `top` (from classesTop), bounded by the steps of the 1–2–5 ladder below it ("0–1,999",
 * "2,000–4,999", "5,000–9,999", "10,000–19,999", "≥ 20,000" under 50,000): each class about twice or two and a
 * half times the last, as counts by region are skewed (a few big regions, many small ones), which classes of equal
 * width would leave nearly all in the lightest. Fewer classes when `top` is too small for five whole bounds.
 */
export function countClasses(top: number): MapClass[] {
  const bounds = [top];
  while (bounds.length < COUNT_CLASSES && stepBelow(bounds[0]) >= 1) bounds.unshift(stepBelow(bounds[0]));
  const froms = [0, ...bounds.slice(0, -1)];
  // ColorBrewer's schemes start at three classes; fewer take its lightest.
  const colors = schemeBlues[Math.max(3, froms.length)];
  return froms.map((from, i) => ({ from, to: bounds[i], color: colors[i] }));
}

/**
 * Share of cap: fixed classes of 20 points, and a last one for a cap reached or passed, the figure a campaign
 * watches. Fixed, so a region's shade always means the same share, whatever the brush.
 */
export const SHARE_CLASSES: readonly MapClass[] = schemeBlues[6].map((color, i) => ({
  // Per cent over 100 rather than i × 0.2, which misses 0.6 by a rounding error and would put 60% below its class.
  from: (i * 20) / 100,
  to: ((i + 1) * 20) / 100,
  color
}));

/** The class `value` falls in: below the first bound counts as the first, above the last as the last. */
export function classOf(classes: readonly MapClass[], value: number): MapClass {
  for (let i = 1; i < classes.length; i++) if (value < classes[i].from) return classes[i - 1];
  return classes[classes.length - 1];
}

/**
 * A class's bounds as a reader sees them, whole numbers both ends included ("200–399"), so that neighbouring
 * classes do not share a bound; the last one has none above ("≥ 800"). `scale` turns a value into the whole
 * number shown (100 for a share in per cent, floored like the tooltips' shares), `format` writes it.
 */
export function classLabels(classes: readonly MapClass[], scale: number, format: (n: number) => string, unit = ''): string[] {
  return classes.map((c, i) => {
    const from = Math.round(c.from * scale);
    if (i === classes.length - 1) return `≥ ${format(from)}${unit}`;
    const to = Math.round(c.to * scale) - 1;
    return from === to ? `${format(from)}${unit}` : `${format(from)}–${format(to)}${unit}`;
  });
}
