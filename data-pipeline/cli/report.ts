/**
 * `tallyboard report --config FILE --date YYYY-MM-DD [--data DIR] [--out DIR] [--send] [--smtp URL] [--to A,B] [--force]`
 * The daily summary from the published set. Without --out or --send the text version goes to stdout.
 * Exit codes: 0 done (or nothing left to send), 1 some recipient did not get it / the data cannot be read,
 * 2 usage or configuration error.
 */
import { resolve, join } from 'node:path';
import { recipientList } from '../alerts/mail-settings.ts';
import { campaignFolders } from '../config/folders.ts';
import { isDate } from '../report/campaign-day.ts';
import { buildReport, readPublished } from '../report/build-report.ts';
import { DEFAULT_FROM, SmtpSettingsError, smtpFromUrl } from '../report/mailer.ts';
import { RecipientError, reportRecipients } from '../report/recipients.ts';
import { sendReport, type SendOutcome } from '../report/send.ts';
import { writeReportFiles } from '../report/write-files.ts';
import { acquireRunLock, LockedError } from '../run-lock.ts';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';
import { startConfigured } from './configured-command.ts';

const USAGE = 'usage: tallyboard report --config FILE --date YYYY-MM-DD [--data DIR] [--out DIR] [--send] [--smtp URL] [--to A,B] [--force]';
const LEDGER = 'sent-reports.json';

interface ReportArgs {
  config: string;
  date: string;
  data?: string;
  out?: string;
  send: boolean;
  smtp?: string;
  to?: string[];
  force: boolean;
}

function readArgs(argv: string[]): ReportArgs {
  const args = parseArgs(argv, {
    config: 'string',
    date: 'string',
    data: 'string',
    out: 'string',
    send: 'boolean',
    smtp: 'string',
    to: 'string',
    force: 'boolean'
  });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const date = requiredFlag(args, 'date');
  if (!isDate(date)) throw new UsageError(`--date must be a calendar date YYYY-MM-DD, got "${date}"`);
  return {
    config: requiredFlag(args, 'config'),
    date,
    data: stringFlag(args, 'data'),
    out: stringFlag(args, 'out'),
    send: args.flags.get('send') === true,
    smtp: stringFlag(args, 'smtp'),
    to: recipientList(stringFlag(args, 'to')),
    force: args.flags.get('force') === true
  };
}

export async function reportCommand(argv: string[]): Promise<number> {
  const say = (line: string): boolean => process.stderr.write(`tallyboard report: ${line}\n`);
  const started = startConfigured(say, USAGE, () => readArgs(argv));
  if (started === 2) return 2;
  const { flags: a, loaded } = started;
  const { config, dir } = loaded;
  const { data: dataDir, work: workDir } = campaignFolders(config, dir, { data: a.data });

  let data;
  try {
    data = await readPublished(dataDir);
  } catch (e) {
    say(`cannot read the published data in ${dataDir}: ${(e as Error).message}`);
    return 1;
  }
  const figureOptions = { date: a.date, outageThreshold: config.report?.outageThreshold, dashboardUrl: config.report?.dashboardUrl };
  const report = buildReport(data, figureOptions);
  for (const w of report.warnings) say(`warning: ${w}`);

  if (a.out) {
    const files = writeReportFiles(resolve(a.out), report);
    process.stdout.write(`wrote ${files.join(', ')}\n`);
  }
  if (!a.send) {
    if (!a.out) process.stdout.write(report.text);
    return 0;
  }

  let groups;
  try {
    groups = reportRecipients(config.report, data.regions.map((r) => r.code), a.to);
  } catch (e) {
    if (!(e instanceof RecipientError)) throw e;
    say(e.message);
    return 2;
  }
  if (groups.length === 0) {
    say('--send needs recipients: --to A,B, or report.to or report.recipients in the config');
    return 2;
  }
  const outcome: SendOutcome = { sent: [], skipped: [], failed: [], uncertain: [] };
  let lock;
  try {
    const smtp = a.smtp ? smtpFromUrl(a.smtp, config.report?.smtp) : config.report?.smtp;
    if (!smtp) throw new SmtpSettingsError('--send needs an SMTP server: report.smtp in the config or --smtp smtp://host:port');
    // Two sends at once would each read the ledger before the other wrote it, and mail every recipient twice.
    lock = acquireRunLock(join(workDir, 'report-send.lock'), `report --send for ${a.date}`);
    for (const { scope, to } of groups) {
      const national = scope.regions === null && scope.language === report.figures.language;
      const scoped = national ? report : buildReport(data, { ...figureOptions, ...scope });
      const o = await sendReport(scoped, { date: a.date, to, smtp: { ...smtp, from: smtp.from || DEFAULT_FROM }, ledgerFile: join(workDir, LEDGER), force: a.force, log: say });
      outcome.sent.push(...o.sent);
      outcome.skipped.push(...o.skipped);
      outcome.failed.push(...o.failed);
      outcome.uncertain.push(...o.uncertain);
    }
  } catch (e) {
    if (e instanceof LockedError) {
      say(e.message);
      return 1;
    }
    if (!(e instanceof SmtpSettingsError)) throw e;
    say(e.message);
    return 2;
  } finally {
    lock?.release();
  }
  const { sent, skipped, failed, uncertain } = outcome;
  say(`${a.date}: sent to ${sent.length} (${sent.join(', ') || 'nobody'}), already sent to ${skipped.length}, failed for ${failed.length}, uncertain for ${uncertain.length}`);
  if (uncertain.length > 0) {
    say(`delivery UNCERTAIN to: ${uncertain.map((u) => `${u.to} (${u.messageId})`).join('; ')}: check with the recipient or the relay's log; a re-run will not resend without --force`);
  }
  if (failed.length > 0) {
    say(`NOT delivered to: ${failed.map((f) => `${f.to} (${f.error})`).join('; ')}; delivered to: ${sent.join(', ') || 'nobody'}${skipped.length ? `; sent earlier to: ${skipped.join(', ')}` : ''}`);
    return 1;
  }
  return uncertain.length > 0 ? 1 : 0;
}
