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
import { loadConfig } from '../config/load-config.ts';
import { SmtpSettingsError } from '../report/mailer.ts';
import { LockedError } from '../run-lock.ts';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';

const USAGE = 'usage: tallyboard alerts --config FILE [--data DIR] [--send] [--smtp URL] [--to A,B] [--now ISO]';

export async function alertsCommand(argv: string[]): Promise<number> {
  const say = (line: string): boolean => process.stderr.write(`tallyboard alerts: ${line}\n`);
  let configPath: string, data: string | undefined, send: boolean, smtp: string | undefined, to: string[] | undefined, nowMs: number | undefined;
  try {
    const args = parseArgs(argv, { config: 'string', data: 'string', send: 'boolean', smtp: 'string', to: 'string', now: 'string' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    configPath = requiredFlag(args, 'config');
    data = stringFlag(args, 'data');
    send = args.flags.get('send') === true;
    smtp = stringFlag(args, 'smtp');
    to = recipientList(stringFlag(args, 'to'));
    const now = stringFlag(args, 'now');
    nowMs = now === undefined ? undefined : Date.parse(now);
    if (nowMs !== undefined && !Number.isFinite(nowMs)) throw new UsageError(`--now must be an ISO time, got "${now}"`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`${e.message}\n${USAGE}`);
    return 2;
  }
  let loaded;
  let mail;
  try {
    loaded = loadConfig(configPath);
    mail = send ? alertMail(loaded.config, { smtp, to }) : undefined;
  } catch (e) {
    say((e as Error).message);
    return 2;
  }
  const folders = campaignFolders(loaded.config, loaded.dir, { data });
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
