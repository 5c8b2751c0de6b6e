/**
 * campaign.schema.json validates the files; config/campaign.ts types the code that reads them. Nothing generates one
 * from the other (the schema carries descriptions and bounds the types cannot), so this test ties them: both are
 * reduced to the same shape (properties, which are required, primitive kinds, literal values, arrays, records,
 * unions) and must be equal. Adding a field to one and not the other fails here.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

type Shape =
  | { kind: 'string' | 'number' | 'boolean' }
  | { kind: 'literal'; values: string[] }
  | { kind: 'array'; items: Shape }
  | { kind: 'record'; values: Shape }
  | { kind: 'object'; props: Record<string, { required: boolean; shape: Shape }> }
  | { kind: 'union'; members: Shape[] };

const key = (s: Shape): string => JSON.stringify(s);

/** Flattens nested unions, merges literals into one member and orders members, so equal unions compare equal. */
function union(members: Shape[]): Shape {
  const flat = members.flatMap((m) => (m.kind === 'union' ? m.members : [m]));
  const literals = flat.flatMap((m) => (m.kind === 'literal' ? m.values : []));
  const rest = flat.filter((m) => m.kind !== 'literal');
  const all = [...rest, ...(literals.length ? [{ kind: 'literal', values: [...new Set(literals)].sort() } as Shape] : [])];
  const unique = [...new Map(all.map((m) => [key(m), m])).values()].sort((a, b) => key(a).localeCompare(key(b)));
  return unique.length === 1 ? unique[0] : { kind: 'union', members: unique };
}

type Json = Record<string, unknown>;

function fromSchema(node: Json, root: Json): Shape {
  if (typeof node.$ref === 'string') return fromSchema((root.definitions as Record<string, Json>)[node.$ref.split('/').pop()!], root);
  if (Array.isArray(node.oneOf)) return union(node.oneOf.map((n) => fromSchema(n as Json, root)));
  // A discriminated union is written as allOf of if/then: each `then` is one member.
  if (Array.isArray(node.allOf) && (node.allOf as Json[]).every((n) => n.then)) return union((node.allOf as Json[]).map((n) => fromSchema(n.then as Json, root)));
  if (Array.isArray(node.enum)) return { kind: 'literal', values: (node.enum as unknown[]).map(String).sort() };
  if (node.const !== undefined) return { kind: 'literal', values: [String(node.const)] };
  switch (node.type ?? (node.properties ? 'object' : undefined)) {
    case 'string':
      return { kind: 'string' };
    case 'number':
    case 'integer':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return { kind: 'array', items: fromSchema(node.items as Json, root) };
    case 'object': {
      if (!node.properties) return { kind: 'record', values: fromSchema(node.additionalProperties as Json, root) };
      const required = new Set((node.required as string[]) ?? []);
      const props: Record<string, { required: boolean; shape: Shape }> = {};
      for (const [name, sub] of Object.entries(node.properties as Record<string, Json>)) {
        if (name === '$schema') continue; // an editor hint inside the file, not a setting
        props[name] = { required: required.has(name), shape: fromSchema(sub, root) };
      }
      return { kind: 'object', props: Object.fromEntries(Object.entries(props).sort(([a], [b]) => a.localeCompare(b))) };
    }
  }
  throw new Error(`schema node not understood: ${JSON.stringify(node).slice(0, 200)}`);
}

function fromType(type: ts.Type, checker: ts.TypeChecker): Shape {
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    // TypeScript spells boolean as the union true | false.
    if (members.length && members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
    return union(members.map((t) => fromType(t, checker)));
  }
  if (type.isStringLiteral()) return { kind: 'literal', values: [type.value] };
  if (type.flags & ts.TypeFlags.String) return { kind: 'string' };
  if (type.flags & ts.TypeFlags.Number) return { kind: 'number' };
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
  if (checker.isArrayType(type)) return { kind: 'array', items: fromType(checker.getTypeArguments(type as ts.TypeReference)[0], checker) };
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(type).length === 0) return { kind: 'record', values: fromType(index.type, checker) };
  // Partial<Record<K, V>> with literal keys is a record to JSON (the schema lists no property names for it).
  const props = checker.getPropertiesOfType(type);
  if (props.length && props.every((p) => p.flags & ts.SymbolFlags.Optional) && type.aliasSymbol?.name === 'Partial') {
    return { kind: 'record', values: fromType(checker.getNonNullableType(checker.getTypeOfSymbol(props[0])), checker) };
  }
  const out: Record<string, { required: boolean; shape: Shape }> = {};
  for (const p of props) {
    out[p.name] = { required: !(p.flags & ts.SymbolFlags.Optional), shape: fromType(checker.getTypeOfSymbol(p), checker) };
  }
  return { kind: 'object', props: Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b))) };
}

describe('campaign.schema.json and config/campaign.ts', () => {
  it('describe the same campaign config', () => {
    const file = 'data-pipeline/config/campaign.ts';
    const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true, noEmit: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'CampaignConfig')!;
    const fromTs = fromType(checker.getTypeAtLocation(decl), checker);
    const schema = JSON.parse(readFileSync('data-pipeline/config/campaign.schema.json', 'utf8')) as Json;
    expect(fromSchema(schema, schema)).toEqual(fromTs);
  });
});
