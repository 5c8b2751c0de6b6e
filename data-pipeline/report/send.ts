/**
 * Mails the report: one message per recipient (so a partial failure says exactly who got it), through the
 * configured SMTP server. Plain connections are upgraded with STARTTLS whenever the server offers it
 * (nodemailer's default); `requireTLS` refuses to continue without it. Credentials come from environment
 * variables the config names, never from the config itself. Transient failures — connection errors and
 * 4xx replies — are retried with bounded exponential backoff; 5xx replies are final at once.
 */
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

function message(report: Report, from: string, to: string): SendMailOptions {
  return {
    from,
    to,
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
    socketTimeout: 30_000
  });
  const ledger = SendLedger.open(options.ledgerFile);
  const outcome: SendOutcome = { sent: [], skipped: [], failed: [] };
  try {
    for (const to of options.to) {
      const previous = ledger.find(options.date, to);
      if (previous && !options.force) {
        const changed = previous.contentHash !== report.contentHash ? ' (the figures changed since; --force sends the update)' : '';
        log(`${to}: already sent for ${options.date} at ${previous.sentAt}, not sending again${changed}`);
        outcome.skipped.push(to);
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const info = await transport.sendMail(message(report, smtp.from, to));
          ledger.record({ date: options.date, to, contentHash: report.contentHash, sentAt: new Date().toISOString(), messageId: info.messageId });
          log(`${to}: sent (${info.messageId})`);
          outcome.sent.push(to);
          break;
        } catch (err) {
          const text = (err as Error).message;
          if (!isTransient(err) || attempt >= retry.attempts) {
            outcome.failed.push({ to, error: text, attempts: attempt });
            log(`${to}: FAILED after ${attempt} attempt(s): ${text}`);
            break;
          }
          const delay = retry.baseDelayMs * 2 ** (attempt - 1);
          log(`${to}: attempt ${attempt} failed (${text}); retrying in ${delay} ms`);
          await sleep(delay);
        }
      }
    }
  } finally {
    transport.close();
  }
  return outcome;
}
