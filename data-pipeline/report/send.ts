/**
 * Mails one report (national, or scoped to some regions) to its recipients: one message per recipient (so a
 * partial failure says exactly who got it), through the configured SMTP server. Plain connections are upgraded with STARTTLS whenever the server offers it
 * (nodemailer's default); `requireTLS` refuses to continue without it. Credentials come from environment
 * variables the config names, never from the config itself. Transient failures — connection errors and
 * 4xx replies — are retried with bounded exponential backoff; 5xx replies are final at once.
 *
 * What SMTP cannot promise: a connection lost after the server took the message body but before its "250 OK"
 * leaves the sender unable to know whether it was delivered. Each message therefore carries a Message-ID fixed by
 * day, recipient and content, the same on every retry (mail clients and many servers fold duplicates by it), and
 * such a send is recorded as uncertain in the ledger so that later runs do not multiply it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { SmtpConfig } from '../config/campaign.ts';
import { chartCid, type Report } from './build-report.ts';
import { SendLedger } from './ledger.ts';

export const DEFAULT_FROM = 'Tallyboard <tallyboard@localhost>';

export interface RetryPolicy {
  attempts: number;
  /** Delay before the second attempt; doubles for each one after. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500 };

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

export class SmtpSettingsError extends Error {}

/** `smtp://host:port` (STARTTLS when offered) or `smtps://host:port` (TLS from the first byte). */
export function smtpFromUrl(url: string, base: SmtpConfig | undefined): SmtpConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SmtpSettingsError(`--smtp: not a URL: "${url}" (expected smtp://host:port)`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new SmtpSettingsError(`--smtp: use smtp:// or smtps://, got "${parsed.protocol}"`);
  if (parsed.username || parsed.password) throw new SmtpSettingsError('--smtp: no credentials in the URL; name environment variables in the config (userEnv, passEnv)');
  const secure = parsed.protocol === 'smtps:';
  return {
    ...base,
    from: base?.from ?? DEFAULT_FROM,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 25,
    secure
  };
}

function credentials(smtp: SmtpConfig, env: NodeJS.ProcessEnv): { user: string; pass: string } | undefined {
  if (!smtp.userEnv && !smtp.passEnv) return undefined;
  const missing = [smtp.userEnv, smtp.passEnv].filter((name) => !name || !env[name]);
  if (missing.length > 0) throw new SmtpSettingsError(`SMTP credentials: set the environment variable(s) ${missing.map((n) => n ?? '(userEnv/passEnv not named)').join(', ')}`);
  return { user: env[smtp.userEnv!]!, pass: env[smtp.passEnv!]! };
}

/** Connection-level failures and 4xx replies may pass; anything else (5xx, bad credentials, bad address) will not. */
export function isTransient(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED'].includes(e.code ?? '');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The same for every attempt at one day's report to one recipient with the same figures. */
export function reportMessageId(date: string, to: string, contentHash: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tallyboard.invalid';
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
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const retry = options.retry ?? DEFAULT_RETRY;
  const { smtp } = options;
  const caFile = env.TALLYBOARD_SMTP_CA;
  /** Set when the server has answered DATA with 354: from then on a lost connection leaves the delivery unknown. */
  let bodyOffered = false;
  const watch = (meta: { tnx?: string }, text: unknown): void => {
    if (meta?.tnx === 'server' && typeof text === 'string' && text.startsWith('354')) bodyOffered = true;
  };
  const quiet = (): void => undefined;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS ?? false,
    auth: credentials(smtp, env),
    // A private CA (self-hosted relay) is trusted through a file, never by turning verification off.
    tls: caFile ? { ca: readFileSync(caFile, 'utf8') } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // nodemailer reports the SMTP dialogue only through its logger: it is watched for the server's 354, not printed.
    debug: true,
    logger: { level: quiet, trace: quiet, debug: watch, info: quiet, warn: quiet, error: quiet, fatal: quiet }
  });
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
      let uncertainError: string | null = null;
      for (let attempt = 1; ; attempt++) {
        bodyOffered = false;
        try {
          await transport.sendMail(message(report, smtp.from, to, messageId));
          ledger.record({ date: options.date, to, regions, contentHash: report.contentHash, sentAt: new Date().toISOString(), messageId, status: 'sent' });
          log(`${to}: sent (${messageId})${uncertainError ? ' after an uncertain attempt with the same Message-ID' : ''}`);
          outcome.sent.push(to);
          break;
        } catch (err) {
          const text = (err as Error).message;
          if (bodyOffered && (err as { responseCode?: number }).responseCode === undefined) {
            // Recorded before any retry, so that a crash from here on cannot lead a later run to send it again.
            uncertainError = text;
            ledger.record({ date: options.date, to, regions, contentHash: report.contentHash, sentAt: new Date().toISOString(), messageId, status: 'uncertain' });
          }
          if (!isTransient(err) || attempt >= retry.attempts) {
            if (uncertainError !== null) {
              outcome.uncertain.push({ to, messageId, error: uncertainError });
              log(`${to}: UNCERTAIN after ${attempt} attempt(s): the connection was lost after the message was sent (${uncertainError}); it may have arrived, as ${messageId}`);
            } else {
              outcome.failed.push({ to, error: text, attempts: attempt });
              log(`${to}: FAILED after ${attempt} attempt(s): ${text}`);
            }
            break;
          }
          const delay = retry.baseDelayMs * 2 ** (attempt - 1);
          log(`${to}: attempt ${attempt} failed (${text}); retrying in ${delay} ms${uncertainError !== null ? ' with the same Message-ID' : ''}`);
          await sleep(delay);
        }
      }
    }
  } finally {
    transport.close();
  }
  return outcome;
}
