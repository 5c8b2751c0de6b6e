/** One incident notice as a mail: a subject that sorts and threads, and a Message-ID fixed per incident and phase. */
import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import { messageIdDomain } from '../report/mailer.ts';
import type { Notice } from './incidents.ts';

const KIND_LABELS = { 'gateway-outage': 'gateway outage', 'no-registrations': 'no registrations', 'region-cap': 'region at its cap' } as const;

/** The same on every retry and every run, so a repeat after an uncertain send is folded by the recipient's mail. */
export function noticeMessageId(notice: Notice, to: string, from: string): string {
  const id = createHash('sha256')
    .update(`${notice.incident.key}\n${notice.incident.startedAt}\n${notice.phase}\n${to.trim().toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
  return `<alert-${id}@${messageIdDomain(from)}>`;
}

export function noticeMail(notice: Notice, campaign: string, from: string, to: string): SendMailOptions {
  const { incident, phase } = notice;
  const label = KIND_LABELS[incident.kind];
  const subject = phase === 'start' ? `[${campaign}] ALERT: ${label} — ${incident.summary}` : `[${campaign}] resolved: ${label} (${incident.key})`;
  const text =
    phase === 'start'
      ? `${incident.summary}\n\nStarted: ${incident.startedAt} (first seen by the check).\nYou will get one more message when it ends.\n`
      : `Over: ${incident.summary}\n\nStarted: ${incident.startedAt}\nEnded: ${incident.endedAt} (first check that no longer saw it).\n`;
  return { from, to, subject, text, messageId: noticeMessageId(notice, to, from), headers: { 'X-Tallyboard-Alert': `${incident.key}; ${phase}` } };
}
