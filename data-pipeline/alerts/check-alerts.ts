/**
 * One alert check: the published data set → conditions → incidents against the ledger → mails. Read-only unless
 * `send`: then it holds the alerts lock of the work folder (two checks at once would each mail the same start),
 * records every new incident before mailing, and every mail as it goes. A notice is done when no recipient's
 * delivery failed outright; a failed one is tried again by the next run with the same Message-ID, so the
 * recipients who did get it see one message.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDataset } from '../../shared/cube/dataset.ts';
import type { SmtpConfig } from '../config/campaign.ts';
import { openMailer, type RetryPolicy } from '../report/mailer.ts';
import { acquireRunLock } from '../run-lock.ts';
import { detectAlerts, type AlertCondition } from './detect.ts';
import { INCIDENT_LEDGER, readIncidents, writeIncidents } from './incident-ledger.ts';
import { advanceIncidents, afterMailed, type Incident } from './incidents.ts';
import { noticeMail } from './notice-mail.ts';
import type { AlertSettings } from './settings.ts';

export interface AlertCheckOptions {
  dataDir: string;
  workDir: string;
  settings: AlertSettings;
  /** Mail the notices and keep the ledger; without it the check only says what it sees. */
  mail?: { smtp: SmtpConfig; to: string[]; retry?: RetryPolicy; env?: NodeJS.ProcessEnv };
  nowMs?: number;
  log?: (line: string) => void;
}

export interface AlertCheck {
  campaign: string;
  active: AlertCondition[];
  started: Incident[];
  ended: Incident[];
  mailed: number;
  failed: number;
}

export async function checkAlerts(options: AlertCheckOptions): Promise<AlertCheck> {
  const log = options.log ?? (() => undefined);
  const data = await loadDataset(async (path) => new Uint8Array(await readFile(join(options.dataDir, path))));
  const nowMs = options.nowMs ?? Date.now();
  const active = detectAlerts(data, options.settings, nowMs);
  const campaign = data.manifest.campaign.name;
  const ledgerFile = join(options.workDir, INCIDENT_LEDGER);
  const { mail } = options;
  if (!mail) {
    const { started, ended } = advanceIncidents(readIncidents(ledgerFile), active, new Date(nowMs).toISOString());
    return { campaign, active, started, ended, mailed: 0, failed: 0 };
  }
  const lock = acquireRunLock(join(options.workDir, 'alerts.lock'), 'alerts --send');
  const mailer = openMailer(mail.smtp, { retry: mail.retry, env: mail.env, log });
  try {
    const advance = advanceIncidents(readIncidents(ledgerFile), active, new Date(nowMs).toISOString());
    let incidents = advance.incidents;
    writeIncidents(ledgerFile, incidents);
    let mailed = 0;
    let failed = 0;
    for (const notice of advance.notices) {
      let done = true;
      for (const to of mail.to) {
        const delivery = await mailer.deliver(noticeMail(notice, campaign, mail.smtp.from, to), `${notice.incident.key} (${notice.phase}) to ${to}`);
        if (delivery.status === 'failed') done = false;
        else mailed++;
      }
      if (!done) {
        failed++;
        continue;
      }
      incidents = afterMailed(incidents, notice);
      writeIncidents(ledgerFile, incidents);
    }
    return { campaign, active, started: advance.started, ended: advance.ended, mailed, failed };
  } finally {
    mailer.close();
    lock.release();
  }
}

/** The check in one line, for `watch` and `alerts`. */
export function alertLine(check: AlertCheck): string {
  const mails = check.mailed + check.failed > 0 ? `, ${check.mailed} mail(s) sent${check.failed ? `, ${check.failed} notice(s) NOT sent (retried next run)` : ''}` : '';
  return `alerts: ${check.active.length} active, ${check.started.length} started, ${check.ended.length} ended${mails}`;
}
