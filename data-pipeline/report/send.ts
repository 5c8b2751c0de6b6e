/**
 * Mails the report: one message per recipient (so a partial failure says exactly who got it), through the
 * configured SMTP server (report/mailer.ts: STARTTLS, credentials, retries). Each message carries a Message-ID
 * fixed by day, recipient and content, the same on every retry, and a send whose delivery SMTP cannot confirm is
 * recorded as uncertain in the ledger so that later runs do not multiply it.
 */
import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import type { SmtpConfig } from '../config/campaign.ts';
import { chartCid, type Report } from './build-report.ts';
import { SendLedger } from './ledger.ts';
import { messageIdDomain, openMailer, type RetryPolicy } from './mailer.ts';

export interface SendOptions {
  date: string;
  to: string[];
  smtp: SmtpConfig;
  ledgerFile: string;
  force?: boolean;
  retry?: RetryPolicy;
  /** Where credentials and TALLYBOARD_SMTP_CA are looked up; process.env by default. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface SendOutcome {
  sent: string[];
  /** Already sent for this day (ledger), not sent again. */
  skipped: string[];
  failed: { to: string; error: string; attempts: number }[];
  /** The connection was lost after the server took the message: it may or may not have been delivered. */
  uncertain: { to: string; messageId: string; error: string }[];
}

/** The same for every attempt at one day's report to one recipient with the same figures. */
export function reportMessageId(date: string, to: string, contentHash: string, from: string): string {
  const domain = messageIdDomain(from);
  const id = createHash('sha256').update(`${date}\n${to.trim().toLowerCase()}\n${contentHash}`).digest('hex').slice(0, 32);
  return `<report-${date}-${id}@${domain}>`;
}

function message(report: Report, from: string, to: string, messageId: string): SendMailOptions {
  return {
    from,
    to,
    messageId,
    subject: report.subject,
    text: report.text,
    html: report.mailHtml,
    headers: { 'X-Tallyboard-Report': report.figures.day.date },
    attachments: [
      ...report.charts.map((c) => ({ filename: `${c.name}.png`, content: c.png, contentType: 'image/png', cid: chartCid(c), contentDisposition: 'inline' as const })),
      { filename: 'readiness.csv', content: report.csv, contentType: 'text/csv; charset=utf-8' }
    ]
  };
}

export async function sendReport(report: Report, options: SendOptions): Promise<SendOutcome> {
  const log = options.log ?? (() => undefined);
  const { smtp } = options;
  const mailer = openMailer(smtp, { retry: options.retry, env: options.env, log });
  const ledger = SendLedger.open(options.ledgerFile);
  const outcome: SendOutcome = { sent: [], skipped: [], failed: [], uncertain: [] };
  const regions = report.figures.scope?.codes;
  try {
    for (const to of options.to) {
      const previous = ledger.find(options.date, to, regions);
      if (previous && !options.force) {
        const changed = previous.contentHash !== report.contentHash ? ' (the figures changed since; --force sends the update)' : '';
        if (previous.status === 'uncertain') log(`${to}: the send of ${previous.sentAt} may have been delivered (connection lost after the message was sent), not sending again; --force resends it`);
        else log(`${to}: already sent for ${options.date} at ${previous.sentAt}, not sending again${changed}`);
        outcome.skipped.push(to);
        continue;
      }
      const messageId = reportMessageId(options.date, to, report.contentHash, smtp.from);
      const entry = (status: 'sent' | 'uncertain') => ({ date: options.date, to, regions, contentHash: report.contentHash, sentAt: new Date().toISOString(), messageId, status });
      // Recorded before any retry, so that a crash from then on cannot lead a later run to send it again.
      const delivery = await mailer.deliver(message(report, smtp.from, to, messageId), to, () => ledger.record(entry('uncertain')));
      if (delivery.status === 'sent') {
        ledger.record(entry('sent'));
        outcome.sent.push(to);
      } else if (delivery.status === 'uncertain') outcome.uncertain.push({ to, messageId, error: delivery.error });
      else outcome.failed.push({ to, error: delivery.error, attempts: delivery.attempts });
    }
  } finally {
    mailer.close();
  }
  return outcome;
}
