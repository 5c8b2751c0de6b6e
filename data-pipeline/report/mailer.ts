/**
 * SMTP delivery for everything Tallyboard mails (the daily report, alerts), through the configured server.
 * Plain connections are upgraded with STARTTLS whenever the server offers it (nodemailer's default); `requireTLS`
 * refuses to continue without it. Credentials come from environment variables the config names, never from the
 * config itself. Transient failures — connection errors and 4xx replies — are retried with bounded exponential
 * backoff; 5xx replies are final at once.
 *
 * What SMTP cannot promise: a connection lost after the server took the message body but before its "250 OK"
 * leaves the sender unable to know whether it was delivered. Such a delivery is reported as uncertain (and the
 * caller told at once, before any retry, so it can record it); callers give each message a Message-ID that is
 * the same on every retry, so that mail clients and many servers fold duplicates.
 */
import { readFileSync } from 'node:fs';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { SmtpConfig } from '../config/campaign.ts';

export const DEFAULT_FROM = 'Tallyboard <tallyboard@localhost>';

export interface RetryPolicy {
  attempts: number;
  /** Delay before the second attempt; doubles for each one after. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500 };

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

/** The domain of the sender's address, for Message-IDs (`<…@domain>`). */
export function messageIdDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tallyboard.invalid';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type Delivery =
  | { status: 'sent'; attempts: number; afterUncertain: boolean }
  | { status: 'failed'; attempts: number; error: string }
  | { status: 'uncertain'; attempts: number; error: string };

export interface MailerOptions {
  retry?: RetryPolicy;
  /** Where credentials and TALLYBOARD_SMTP_CA are looked up; process.env by default. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface Mailer {
  /** Sends one message (to `label` in the log), retrying transient failures; `onUncertain` hears a possibly delivered attempt before any retry. */
  deliver(message: SendMailOptions, label: string, onUncertain?: () => void): Promise<Delivery>;
  close(): void;
}

export function openMailer(smtp: SmtpConfig, options: MailerOptions = {}): Mailer {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const retry = options.retry ?? DEFAULT_RETRY;
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

  async function deliver(message: SendMailOptions, label: string, onUncertain?: () => void): Promise<Delivery> {
    let uncertainError: string | null = null;
    for (let attempt = 1; ; attempt++) {
      bodyOffered = false;
      try {
        await transport.sendMail(message);
        log(`${label}: sent (${String(message.messageId)})${uncertainError ? ' after an uncertain attempt with the same Message-ID' : ''}`);
        return { status: 'sent', attempts: attempt, afterUncertain: uncertainError !== null };
      } catch (err) {
        const text = (err as Error).message;
        if (bodyOffered && (err as { responseCode?: number }).responseCode === undefined) {
          uncertainError = text;
          onUncertain?.();
        }
        if (!isTransient(err) || attempt >= retry.attempts) {
          if (uncertainError !== null) {
            log(`${label}: UNCERTAIN after ${attempt} attempt(s): the connection was lost after the message was sent (${uncertainError}); it may have arrived, as ${String(message.messageId)}`);
            return { status: 'uncertain', attempts: attempt, error: uncertainError };
          }
          log(`${label}: FAILED after ${attempt} attempt(s): ${text}`);
          return { status: 'failed', attempts: attempt, error: text };
        }
        const delay = retry.baseDelayMs * 2 ** (attempt - 1);
        log(`${label}: attempt ${attempt} failed (${text}); retrying in ${delay} ms${uncertainError !== null ? ' with the same Message-ID' : ''}`);
        await sleep(delay);
      }
    }
  }

  return { deliver, close: () => transport.close() };
}
