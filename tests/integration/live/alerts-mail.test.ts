/**
 * `tallyboard alerts --send` against a real SMTP server on 127.0.0.1, over a campaign that moves on: the data set
 * is rewritten between checks (first as it stood during the synthetic SMS outage, then after it). Each incident is
 * mailed once when it starts and once when it ends, however many checks see it.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertsCommand } from '../../../data-pipeline/cli/alerts.ts';
import { writeDataset } from '../../../data-pipeline/export/write-dataset.ts';
import { partsUntil } from '../../support/dataset-until.ts';
import { writeCampaign } from '../../support/pipeline-helpers.ts';
import { startSmtp, type TestSmtp } from '../../support/smtp-harness.ts';
import { buildSyntheticParts, SYNTHETIC_OUTAGE, SYNTHETIC_START } from '../../support/synthetic-dataset.ts';

let root: string;
let smtp: TestSmtp;
const parts = buildSyntheticParts();
const outageStart = SYNTHETIC_START / 3_600_000 + SYNTHETIC_OUTAGE.fromHourOffset;
const iso = (hour: number): string => new Date(hour * 3_600_000).toISOString();

async function check(extra: string[] = []): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await alertsCommand(['--config', join(root, 'campaign.json'), ...extra]), stdout: out.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** The campaign as of `hour`, checked as of that hour. */
async function checkAt(hour: number, send = true): Promise<{ code: number; stdout: string }> {
  writeDataset(join(root, 'data'), partsUntil(parts, hour, iso(hour)));
  return check([...(send ? ['--send'] : []), '--now', iso(hour)]);
}

beforeAll(async () => {
  smtp = await startSmtp();
  // Alerts read the campaign from the published manifest: the config gives the data folder, the mail settings and thresholds.
  root = dirname(
    writeCampaign({
      config: {
        output: 'data',
        report: { to: ['team@example.org'], smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tallyboard <alerts@example.org>' } },
        // Regions reach their caps in the synthetic set: left out here, so the outage is the only incident.
        alerts: { to: ['ops@example.org', 'lead@example.org'], capShare: 100 }
      }
    })
  );
});
afterAll(async () => {
  await smtp.close();
  rmSync(root, { recursive: true, force: true });
});

describe('alerts --send', () => {
  it('mails an outage once when it starts and once when it ends, to every recipient', async () => {
    const quiet = await checkAt(outageStart);
    expect(quiet.stdout).toContain('alerts: 0 active, 0 started, 0 ended');
    expect(smtp.messages).toHaveLength(0);

    const dry = await checkAt(outageStart + 2, false);
    expect(dry.stdout).toContain('sms gateway smsbeta');
    expect(dry.stdout).toContain('1 active, 1 started');
    expect(dry.stdout).toContain('not mailed');
    expect(smtp.messages).toHaveLength(0);

    const started = await checkAt(outageStart + 2);
    expect(started).toMatchObject({ code: 0 });
    expect(started.stdout).toContain('alerts: 1 active, 1 started, 0 ended, 2 mail(s) sent');
    expect(smtp.messages.map((m) => m.rcpt).flat().sort()).toEqual(['lead@example.org', 'ops@example.org']);
    const first = await simpleParser(smtp.messages[0].raw);
    expect(first.subject).toMatch(/^\[Synthetic test campaign\] ALERT: gateway outage — sms gateway smsbeta: \d+% delivered over the last 2 h/);
    expect(first.messageId).toMatch(/^<alert-[0-9a-f]{32}@example\.org>$/);

    // Still down an hour later, and checked twice: no new mail.
    await checkAt(outageStart + 3);
    expect((await check(['--send', '--now', iso(outageStart + 3)])).stdout).toContain('1 active, 0 started, 0 ended');
    expect(smtp.messages).toHaveLength(2);

    const ended = await checkAt(outageStart + SYNTHETIC_OUTAGE.hours + 2);
    expect(ended.stdout).toContain('alerts: 0 active, 0 started, 1 ended, 2 mail(s) sent');
    expect(smtp.messages).toHaveLength(4);
    const last = await simpleParser(smtp.messages[3].raw);
    expect(last.subject).toBe('[Synthetic test campaign] resolved: gateway outage (gateway-outage sms/smsbeta)');
    expect(last.text).toContain('Ended:');

    await checkAt(outageStart + SYNTHETIC_OUTAGE.hours + 3);
    expect(smtp.messages).toHaveLength(4);
  });
});
