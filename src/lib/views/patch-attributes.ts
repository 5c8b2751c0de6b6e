/**
 * Writes one attribute (or the text) across a list of elements, touching only those whose value changed. A brush
 * move changes the fill and label of every region on the map, the size of every marker and most numbers of the
 * readiness table: one pass like this replaces a reactive update per element (each re-checking its
 * dependencies), and an unchanged value costs no DOM write.
 */
export type AttributeTarget = Pick<Element, 'getAttribute' | 'setAttribute' | 'removeAttribute'>;

/**
 * Sets `name` to `values[i]` on `elements[i]` where it differs (null: no such attribute, as Svelte leaves it
 * out); returns how many were written.
 */
export function patchAttributes(elements: ArrayLike<AttributeTarget>, name: string, values: ReadonlyArray<string | number | null>): number {
  checkLengths(elements, values, name);
  let written = 0;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    const value = raw === null ? null : String(raw);
    if (elements[i].getAttribute(name) === value) continue;
    if (value === null) elements[i].removeAttribute(name);
    else elements[i].setAttribute(name, value);
    written++;
  }
  return written;
}

/** What a text patch reads and writes of an element: its text, kept in one text node. */
export interface TextTarget {
  readonly firstChild: { nodeValue: string | null } | null;
  textContent: string | null;
}

/**
 * Sets the text of `elements[i]` to `values[i]` where it differs: the element's one text node is rewritten in
 * place (a new node only the first time), which is what Svelte does for `{text}` in markup.
 */
export function patchTexts(elements: ArrayLike<TextTarget>, values: readonly string[]): number {
  checkLengths(elements, values, 'text');
  let written = 0;
  for (let i = 0; i < values.length; i++) {
    const node = elements[i].firstChild;
    if (node) {
      if (node.nodeValue === values[i]) continue;
      node.nodeValue = values[i];
    } else {
      if (values[i] === '') continue;
      elements[i].textContent = values[i];
    }
    written++;
  }
  return written;
}

function checkLengths(elements: ArrayLike<unknown>, values: ArrayLike<unknown>, what: string): void {
  if (elements.length !== values.length) throw new Error(`patch: ${elements.length} elements, ${values.length} values of ${what}`);
}
