/** Reading HAL+JSON as OSDI servers send it: loose values, optional links, collections under `_embedded`. */
export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A text value, or null when absent or blank; numbers are accepted because servers send ids either way. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function linkHref(links: unknown, rel: string): string | null {
  if (!isObject(links)) return null;
  const l = links[rel];
  return isObject(l) ? str(l.href) : null;
}

/** The resource's identifiers (e.g. "action_network:<uuid>"), in the server's order. */
export function identifiers(resource: Json): string[] {
  return Array.isArray(resource.identifiers) ? resource.identifiers.map(str).filter((s): s is string => s !== null) : [];
}

/** The items on a collection page: `_embedded[rel]`, or the single array `_embedded` holds. */
export function embeddedItems(page: Json, rel: string): unknown[] | null {
  const emb = page._embedded;
  if (!isObject(emb)) return null;
  const items = emb[rel];
  if (Array.isArray(items)) return items;
  const arrays = Object.values(emb).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : null;
}
