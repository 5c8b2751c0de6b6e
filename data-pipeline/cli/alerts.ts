/**
 * `tallyboard alerts --config FILE [--data DIR] [--send] [--smtp URL] [--to A,B] [--now ISO]`
 * Checks the published data set for incidents (data-pipeline/alerts/): prints each active one, then one summary
 * line. With --send, mails each incident once when it starts and once when it ends (ledger in the work folder).
 * `--now` judges the data as of another time (a past campaign, a test). Exit codes: 0 checked (and mailed),
 * 1 the data cannot be read, a notice was not delivered or another check holds the lock, 2 usage or configuration.
 */
import { checkAlerts, alertLine } from '../alerts/check-alerts.ts';
import { alertMail, recipientList } from '../alerts/mail-settings.ts';
import { alertSettings } from '../alerts/settings.ts';
import { campaignFolders } from '../config/folders.ts';
import { SmtpSettingsError } from '../report/mailer.ts';
import { LockedError } from '../run-lock.ts';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';
import { startConfigured } from './configured-command.ts';

const USAGE = 'usage: tallyboard alerts --config FILE [--data DIR] [--send] [--smtp URL] [--to A,B] [--now ISO]';

export async function alertsCommand(argv: string[]): Promise<number> {
  const say = (line: string): boolean => process.stderr.write(`tallyboard alerts: ${line}\n`);
  const started = startConfigured(say, USAGE, () => {
    const args = parseArgs(argv, { config: 'string', data: 'string', send: 'boolean', smtp: 'string', to: 'string', now: 'string' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const now = stringFlag(args, 'now');
    const nowMs = now === undefined ? undefined : Date.parse(now);
    if (nowMs !== undefined && !Number.isFinite(nowMs)) throw new UsageError(`--now must be an ISO time, got "${now}"`);
    const to = recipientList(stringFlag(args, 'to'));
    return { config: requiredFlag(args, 'config'), data: stringFlag(args, 'data'), send: args.flags.get('send') === true, smtp: stringFlag(args, 'smtp'), to, nowMs };
  });
  if (started === 2) return 2;
  const { flags, loaded } = started;
  const { send, nowMs } = flags;
  let mail;
  try {
    mail = send ? alertMail(loaded.config, flags) : undefined;
  } catch (e) {
    say((e as Error).message);
    return 2;
  }
  const folders = campaignFolders(loaded.config, loaded.dir, { data: flags.data });
  let check;
  try {
    check = await checkAlerts({ dataDir: folders.data, workDir: folders.work, settings: alertSettings(loaded.config), mail, nowMs, log: say });
  } catch (e) {
    if (e instanceof SmtpSettingsError) {
      say(e.message);
      return 2;
    }
    say(e instanceof LockedError ? e.message : `cannot check ${folders.data}: ${(e as Error).message}`);
    return 1;
  }
  for (const c of check.active) process.stdout.write(`${c.kind}: ${c.summary}\n`);
  process.stdout.write(`${alertLine(check)}${send ? '' : ' (not mailed: --send mails them)'}\n`);
  return check.failed > 0 ? 1 : 0;
}
