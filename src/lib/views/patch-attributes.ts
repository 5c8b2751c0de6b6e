/**
 * Writes one attribute across a list of elements, touching only those whose value changed. A brush move changes
 * the fill and label of every region on the map and the size of every marker: one pass like this replaces a
 * reactive update per element (each re-checking its dependencies), and an unchanged value costs no DOM write.
 */
export type AttributeTarget = Pick<Element, 'getAttribute' | 'setAttribute'>;

/** Sets `name` to `values[i]` on `elements[i]` where it differs; returns how many were written. */
export function patchAttributes(elements: ArrayLike<AttributeTarget>, name: string, values: ReadonlyArray<string | number>): number {
  if (elements.length !== values.length) throw new Error(`patchAttributes: ${elements.length} elements, ${values.length} values of ${name}`);
  let written = 0;
  for (let i = 0; i < values.length; i++) {
    const value = String(values[i]);
    if (elements[i].getAttribute(name) === value) continue;
    elements[i].setAttribute(name, value);
    written++;
  }
  return written;
}
