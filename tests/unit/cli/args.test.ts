import { describe, expect, it } from 'vitest';
import { intFlag, parseArgs, requiredFlag, stringFlag, UsageError } from '../../../data-pipeline/cli/args.ts';

const SPEC = { config: 'string', out: 'string', send: 'boolean', port: 'string' } as const;

describe('parseArgs', () => {
  it('reads values in both forms, switches and positionals', () => {
    const args = parseArgs(['resolve', '--config', 'c.json', '--out=dir', '--send'], SPEC);
    expect(args.positionals).toEqual(['resolve']);
    expect(requiredFlag(args, 'config')).toBe('c.json');
    expect(stringFlag(args, 'out')).toBe('dir');
    expect(args.flags.get('send')).toBe(true);
  });

  it('names an unknown or misspelt option as a usage error', () => {
    expect(() => parseArgs(['--confg', 'x'], SPEC)).toThrow(new UsageError('unknown option --confg'));
  });

  it('refuses an option without its value, and a missing required one', () => {
    expect(() => parseArgs(['--config'], SPEC)).toThrow(UsageError);
    expect(() => requiredFlag(parseArgs([], SPEC), 'config')).toThrow('--config is required');
  });

  it('reads integers and refuses anything else', () => {
    expect(intFlag(parseArgs(['--port', '8080'], SPEC), 'port', 1)).toBe(8080);
    expect(intFlag(parseArgs([], SPEC), 'port', 4173)).toBe(4173);
    expect(() => intFlag(parseArgs(['--port', '80.5'], SPEC), 'port', 1)).toThrow('non-negative integer');
  });
});
