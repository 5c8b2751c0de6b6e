/**
 * A local inlang plugin that reads messages/{locale}.json in the inlang message format (plain strings with
 * {placeholders}, and plural variants as { declarations, selectors, match }). The inlang SDK otherwise fetches
 * its plugins from a CDN when it compiles; a local module keeps `npm install && npm start` offline and pinned.
 * The SDK imports this file as a data: URL, so it must stay self-contained (no imports).
 */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function pattern(text) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ type: 'text', value: text.slice(last, m.index) });
    parts.push({ type: 'expression', arg: { type: 'variable-reference', name: m[1] } });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ type: 'text', value: text.slice(last) });
  return parts;
}

/** "input count" or "local countPlural = count: plural" */
function declaration(text) {
  const input = /^input\s+(\w+)$/.exec(text.trim());
  if (input) return { type: 'input-variable', name: input[1] };
  const local = /^local\s+(\w+)\s*=\s*(\w+)\s*:\s*(\w+)$/.exec(text.trim());
  if (!local) throw new Error(`unsupported declaration "${text}"`);
  return {
    type: 'local-variable',
    name: local[1],
    value: { type: 'expression', arg: { type: 'variable-reference', name: local[2] }, annotation: { type: 'function-reference', name: local[3], options: [] } }
  };
}

/** "countPlural=one" or "countPlural=*", comma-separated for several selectors. */
function matches(key) {
  return key.split(',').map((pair) => {
    const [name, value] = pair.split('=').map((s) => s.trim());
    return value === '*' ? { type: 'catchall-match', key: name } : { type: 'literal-match', key: name, value };
  });
}

const plugin = {
  key: 'plugin.tallyboard.messageFormat',
  toBeImportedFiles: async ({ settings }) => {
    const pathPattern = settings['plugin.tallyboard.messageFormat'].pathPattern;
    return settings.locales.map((locale) => ({ locale, path: pathPattern.replace('{locale}', locale) }));
  },
  importFiles: async ({ files }) => {
    const bundles = new Map();
    const messages = [];
    const variants = [];
    for (const file of files) {
      const json = JSON.parse(new TextDecoder().decode(file.content));
      for (const [id, value] of Object.entries(json)) {
        if (id.startsWith('$')) continue;
        if (typeof value === 'string') {
          // A bundle declares the union of every locale's placeholders as inputs.
          const bundle = bundles.get(id) ?? { id, declarations: [] };
          for (const m of value.matchAll(PLACEHOLDER)) {
            if (!bundle.declarations.some((d) => d.name === m[1])) bundle.declarations.push({ type: 'input-variable', name: m[1] });
          }
          bundles.set(id, bundle);
          messages.push({ bundleId: id, locale: file.locale, selectors: [] });
          variants.push({ messageBundleId: id, messageLocale: file.locale, matches: [], pattern: pattern(value) });
          continue;
        }
        const spec = Array.isArray(value) ? value[0] : value;
        const declarations = spec.declarations.map(declaration);
        const known = bundles.get(id);
        bundles.set(id, { id, declarations: known && known.declarations.length >= declarations.length ? known.declarations : declarations });
        messages.push({ bundleId: id, locale: file.locale, selectors: spec.selectors.map((name) => ({ type: 'variable-reference', name })) });
        for (const [key, text] of Object.entries(spec.match)) variants.push({ messageBundleId: id, messageLocale: file.locale, matches: matches(key), pattern: pattern(text) });
      }
    }
    return { bundles: [...bundles.values()], messages, variants };
  },
  exportFiles: async () => []
};

export default plugin;
