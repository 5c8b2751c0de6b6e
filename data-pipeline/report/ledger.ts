/**
 * The send ledger (`sent-reports.json` in the work folder): which day's report went to whom, and with what
 * content. It makes the daily cron job idempotent — a re-run (manual, or a retried timer) does not mail a
 * recipient the same day twice. Entries are keyed by date, recipient and scope (the regions of a coordinator's report;
 * none for the national report, whose key is the one ledgers had before scopes, so they stay readable and a
 * recipient moved to a regional scope still gets that report); the content hash is kept so a
 * re-run can say that the day's figures changed since (late data) and that --force would send the update.
 * Written after every successful message, atomically, so a crash mid-run cannot resend to earlier recipients.
 * A message whose connection was lost after the server took its body is recorded as `uncertain`: SMTP cannot say
 * whether it was delivered, so a later run does not send it again unless forced (and then with the same Message-ID).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { scopeKey } from './recipients.ts';

export interface LedgerEntry {
  date: string;
  to: string;
  contentHash: string;
  sentAt: string;
  messageId: string;
  /** The scoped report's region codes (sorted); absent for the national report. */
  regions?: string[];
  /** Absent in ledgers written before uncertain sends were recorded: those entries were all sent. */
  status?: 'sent' | 'uncertain';
}

interface LedgerFile {
  version: 1;
  sent: Record<string, LedgerEntry>;
}

const key = (date: string, to: string, regions: readonly string[] | undefined): string =>
  `${date} ${to.trim().toLowerCase()}${regions?.length ? ` ${scopeKey(regions)}` : ''}`;

export class SendLedger {
  private constructor(
    readonly file: string,
    private readonly data: LedgerFile
  ) {}

  static open(file: string): SendLedger {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new SendLedger(file, { version: 1, sent: {} });
      throw e;
    }
    const data = JSON.parse(text) as LedgerFile;
    if (data.version !== 1 || typeof data.sent !== 'object' || data.sent === null) throw new Error(`${file}: not a send ledger (version 1)`);
    return new SendLedger(file, data);
  }

  find(date: string, to: string, regions?: readonly string[]): LedgerEntry | undefined {
    return this.data.sent[key(date, to, regions)];
  }

  record(entry: LedgerEntry): void {
    this.data.sent[key(entry.date, entry.to, entry.regions)] = entry;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2) + '\n');
    renameSync(tmp, this.file);
  }
}
