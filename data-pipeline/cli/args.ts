/**
 * Flag parsing shared by the commands, on Node's `util.parseArgs`: each command declares its options, so an unknown
 * or misspelt option is a usage error (exit 2) instead of being ignored.
 */
import { parseArgs as parseNodeArgs } from 'node:util';

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
}

/** Option name → whether it takes a value (`string`) or is a switch (`boolean`). */
export type OptionSpec = Record<string, 'string' | 'boolean'>;

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: OptionSpec): ParsedArgs {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    // util.parseArgs reports usage problems as TypeErrors with an ERR_PARSE_ARGS_* code; anything else is a bug.
    const { code, message } = e as { code?: string; message: string };
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw e;
    // Node's own wording goes on about '--' separators; the option's name is what the user needs.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : message);
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === true || typeof value === 'string') flags.set(name, value);
  }
  return { flags, positionals: parsed.positionals };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}
