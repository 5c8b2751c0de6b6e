/**
 * How every command on a campaign starts: its flags (a UsageError prints the command's usage), then its config.
 * Either problem is printed and becomes exit code 2, as the README promises for usage and configuration errors.
 */
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { UsageError } from './args.ts';

export function startConfigured<T extends { config: string }>(say: (line: string) => void, usage: string, read: () => T): { flags: T; loaded: LoadedConfig } | 2 {
  let flags: T;
  try {
    flags = read();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`${e.message}\n${usage}`);
    return 2;
  }
  try {
    return { flags, loaded: loadConfig(flags.config) };
  } catch (e) {
    say((e as Error).message);
    return 2;
  }
}
