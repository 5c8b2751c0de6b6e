/**
 * `password-hash`: reads a password on stdin, prints the salted scrypt hash for TALLYBOARD_PASSWORD_HASH. From
 * stdin rather than an argument, so the password stays out of the shell history and the process list.
 */
import { text } from 'node:stream/consumers';
import { parseArgs, UsageError } from './args.ts';
import { hashPassword, PASSWORD_HASH_ENV } from '../serve/access.ts';

const USAGE = `usage: tallyboard password-hash < password-file   (or: read -rs P; printf '%s' "$P" | tallyboard password-hash)`;

export async function passwordHashCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, {});
    if (args.positionals.length > 0) throw new UsageError('the password is read from stdin, not from the command line');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tallyboard password-hash: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (process.stdin.isTTY) process.stderr.write('password (shown as typed; end with Enter, then Ctrl-D): ');
  // One trailing newline is the end of the line typed or echoed, not part of the password.
  const password = (await text(process.stdin)).replace(/\r?\n$/, '');
  if (password.length === 0) {
    process.stderr.write(`tallyboard password-hash: empty password\n${USAGE}\n`);
    return 2;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
  process.stderr.write(`set it as ${PASSWORD_HASH_ENV} in the environment of "tallyboard serve" or "npm start"\n`);
  return 0;
}
