/**
 * `tallyboard report --send` against a real SMTP server on 127.0.0.1. The command runs in-process
 * (reportCommand) for speed; one case spawns the real CLI for files and the exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../../data-pipeline/cli/report.ts';
import { change } from '../../../data-pipeline/report/text-format.ts';
import { loadDataset, type Dataset } from '../../../shared/cube/dataset.ts';
import { parseCsv } from '../../../shared/csv/csv.ts';
import { stageLabel } from '../../../shared/i18n/labels.ts';
import { formatInteger, regionName, type Language } from '../../../shared/i18n/language.ts';
import { writeSyntheticDataset } from '../../support/synthetic-dataset.ts';
import { moscowDay, sumStage } from '../../support/report-expected.ts';
import { acquireRunLock } from '../../../data-pipeline/run-lock.ts';
import { selfSignedCert, startDropAfterDataServer, startDroppingServer, startSmtp, type TestSmtp } from '../../support/smtp-harness.ts';

const DATE = '2017-12-20';
let root: string;
let data: Dataset;
const servers: TestSmtp[] = [];

/** A campaign config in its own folder (so each case has its own send ledger) pointing at the shared data. */
function config(name: string, report: object): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'campaign.json');
  const base = { name: 'Synthetic', pack: 'ru', timeZone: 'Europe/Moscow', window: { start: '2017-11-20', end: '2018-01-14' }, target: 33200, totalCap: 33200, regionCap: 400, nearKm: 50 };
  writeFileSync(file, JSON.stringify({ ...base, output: '../data', sources: [{ kind: 'csv', name: 'site', path: 'r.csv' }], headquarters: 'h.csv', events: 'e.csv', report }));
  return file;
}

async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    return { code: await reportCommand(argv), stderr: lines.join('') };
  } finally {
    spy.mockRestore();
  }
}

async function server(hooks: Parameters<typeof startSmtp>[0] = {}): Promise<TestSmtp> {
  const s = await startSmtp(hooks);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tallyboard-report-mail-'));
  writeSyntheticDataset(join(root, 'data'));
  data = await loadDataset(async (p) => new Uint8Array(await readFile(join(root, 'data', p))));
});
afterEach(async () => {
  delete process.env.TALLYBOARD_SMTP_CA;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(root, { recursive: true, force: true });
});

describe('report --send', () => {
  it('mails one message per recipient: subject, text + HTML, inline chart images by cid, the readiness CSV', async () => {
    const smtp = await server();
    const file = config('basic', { to: ['lead@example.org', 'ops@example.org'], smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tallyboard <report@example.org>' } });
    const { code, stderr } = await run(['--config', file, '--date', DATE, '--send']);
    expect(stderr).toContain('sent to 2');
    expect(code).toBe(0);
    expect(smtp.messages.map((m) => m.rcpt)).toEqual([['lead@example.org'], ['ops@example.org']]);

    const mail = await simpleParser(smtp.messages[0].raw, { keepCidLinks: true });
    const [from, to] = moscowDay(DATE);
    const registered = sumStage(data, 'registered', [from, to]);
    const dayBefore = sumStage(data, 'registered', [from - 24, from]);
    expect(mail.subject).toBe(
      `Synthetic test campaign: ${DATE} — ${registered.toLocaleString('en-US')} registered (${change(registered, dayBefore, 'en')}), ${sumStage(data, 'future', [0, to]).toLocaleString('en-US')} future signatures`
    );
    expect(mail.from?.text).toContain('report@example.org');
    // Figures computed here from the cube appear in both parts.
    for (const stage of ['registered', 'phone', 'future', 'available'] as const) {
      const n = sumStage(data, stage, [from, to]).toLocaleString('en-US');
      expect(mail.text).toContain(n);
      expect(mail.html).toContain(n);
    }
    expect(mail.text).toContain(`Registered: ${registered.toLocaleString('en-US')}`);
    expect(mail.text).toContain('OUTAGE sms/smsbeta');
    expect(mail.text).toContain('http://127.0.0.1:4173/?from=2017-12-19T21:00Z&to=2017-12-20T21:00Z');

    const images = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => a.cid).sort()).toEqual(['regions@tallyboard', 'series@tallyboard']);
    for (const img of images) {
      expect(img.content.subarray(1, 4).toString()).toBe('PNG');
      expect(mail.html).toContain(`src="cid:${img.cid}"`);
    }
    const csv = mail.attachments.find((a) => a.filename === 'readiness.csv');
    expect(csv?.contentType).toBe('text/csv');
    const rows = parseCsv(csv!.content.toString('utf8'));
    const moscow = rows.find((r) => r[0] === 'RU-MOW')!;
    expect(Number(moscow[5])).toBe(sumStage(data, 'available', [0, to], 'RU-MOW'));
  });

  it('is idempotent: a second run for the day sends nothing; --force sends again', async () => {
    const smtp = await server();
    const file = config('idempotent', { to: ['lead@example.org'] });
    const argv = ['--config', file, '--date', DATE, '--send', '--smtp', smtp.url];
    expect((await run(argv)).code).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    const ledger = JSON.parse(readFileSync(join(root, 'idempotent', '.tallyboard', 'sent-reports.json'), 'utf8'));
    expect(Object.keys(ledger.sent)).toEqual([`${DATE} lead@example.org`]);

    const again = await run(argv);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already sent');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.connections).toBe(1);

    // A different recipient for the same day is still sent to; the first is not.
    expect((await run([...argv, '--to', 'lead@example.org,new@example.org'])).code).toBe(0);
    expect(smtp.messages.map((m) => m.rcpt[0])).toEqual(['lead@example.org', 'new@example.org']);

    expect((await run([...argv, '--force'])).code).toBe(0);
    expect(smtp.messages).toHaveLength(3);
  });

  it('upgrades with STARTTLS (self-signed CA trusted via TALLYBOARD_SMTP_CA) and authenticates from env vars', async (ctx) => {
    const tls = selfSignedCert();
    if ('skip' in tls) {
      console.warn(`[report] STARTTLS case skipped: ${tls.skip}`);
      ctx.skip();
      return;
    }
    const smtp = await server({
      starttls: true,
      auth: true,
      key: tls.key,
      cert: tls.cert,
      onAuth(auth, session, callback) {
        if (auth.method === 'PLAIN' && auth.username === 'reporter' && auth.password === 's3cret' && session.secure) callback(null, { user: auth.username });
        else callback(new Error('bad credentials'));
      }
    });
    const file = config('tls', {
      to: ['lead@example.org'],
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: true, userEnv: 'TEST_SMTP_USER', passEnv: 'TEST_SMTP_PASS', from: 'report@example.org' }
    });
    expect(readFileSync(file, 'utf8')).not.toContain('s3cret');
    const missing = await run(['--config', file, '--date', DATE, '--send']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TEST_SMTP_USER');

    process.env.TALLYBOARD_SMTP_CA = tls.certFile;
    vi.stubEnv('TEST_SMTP_USER', 'reporter');
    vi.stubEnv('TEST_SMTP_PASS', 's3cret');
    try {
      const { code, stderr } = await run(['--config', file, '--date', DATE, '--send']);
      expect(stderr).toContain('sent to 1');
      expect(code).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].secure).toBe(true);
    expect(smtp.messages[0].user).toBe('reporter');
  });

  it('retries a refusing server (421 on connect) with backoff, then fails with a clear message and exit 1', async () => {
    const smtp = await server({
      onConnect(_session, callback) {
        callback(Object.assign(new Error('Too busy, try later'), { responseCode: 421 }));
      }
    });
    const file = config('refuse', { to: ['lead@example.org'] });
    const started = Date.now();
    const { code, stderr } = await run(['--config', file, '--date', DATE, '--send', '--smtp', smtp.url]);
    expect(code).toBe(1);
    expect(smtp.connections).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400); // 0.5 s + 1 s between the three attempts
    expect(stderr).toMatch(/NOT delivered to: lead@example\.org .*Too busy/);
    expect(existsSync(join(root, 'refuse', '.tallyboard', 'sent-reports.json'))).toBe(false);
  });

  it('retries a dropped connection, then reports it', async () => {
    const smtp = await startDroppingServer();
    servers.push(smtp);
    const file = config('drop', { to: ['lead@example.org'] });
    const { code, stderr } = await run(['--config', file, '--date', DATE, '--send', '--smtp', smtp.url]);
    expect(code).toBe(1);
    expect(smtp.connections).toBe(3);
    expect(stderr).toContain('NOT delivered to: lead@example.org');
  });

  it('a connection lost after the message body: retried with the same Message-ID, recorded uncertain, never resent by a re-run', async () => {
    const smtp = await startDropAfterDataServer();
    servers.push(smtp);
    const file = config('uncertain', { to: ['lead@example.org'] });
    const argv = ['--config', file, '--date', DATE, '--send', '--smtp', smtp.url];
    const first = await run(argv);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('delivery UNCERTAIN to: lead@example.org');
    expect(smtp.messages).toHaveLength(3);
    const ids = smtp.messages.map((m) => /^Message-ID: (.+)$/im.exec(m.raw.toString('latin1'))?.[1].trim());
    expect(new Set(ids).size).toBe(1);
    const ledger = JSON.parse(readFileSync(join(root, 'uncertain', '.tallyboard', 'sent-reports.json'), 'utf8'));
    expect(ledger.sent[`${DATE} lead@example.org`]).toMatchObject({ status: 'uncertain', messageId: ids[0] });

    const again = await run(argv);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('may have been delivered');
    expect(smtp.messages).toHaveLength(3);
  });

  it('a second send while one runs is refused, naming the first', async () => {
    const smtp = await server();
    const file = config('locked', { to: ['lead@example.org'] });
    const lock = acquireRunLock(join(root, 'locked', '.tallyboard', 'report-send.lock'), 'report --send for the test');
    try {
      const { code, stderr } = await run(['--config', file, '--date', DATE, '--send', '--smtp', smtp.url]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/another run holds .*report-send\.lock \(report --send for the test, pid \d+/);
      expect(smtp.messages).toHaveLength(0);
    } finally {
      lock.release();
    }
  });

  it('partial failure: names who got it and who did not; a permanent 550 is not retried', async () => {
    const smtp = await server({
      onRcptTo(address, _session, callback) {
        if (address.address === 'gone@example.org') callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        else callback();
      }
    });
    const file = config('partial', { to: ['lead@example.org', 'gone@example.org', 'ops@example.org'] });
    const { code, stderr } = await run(['--config', file, '--date', DATE, '--send', '--smtp', smtp.url]);
    expect(code).toBe(1);
    expect(smtp.connections).toBe(3);
    expect(smtp.messages.map((m) => m.rcpt[0])).toEqual(['lead@example.org', 'ops@example.org']);
    expect(stderr).toMatch(/NOT delivered to: gone@example\.org \(.*No such user.*\); delivered to: lead@example\.org, ops@example\.org/);
    // Re-running after the fix sends only to the one that failed.
    const again = await run(['--config', file, '--date', DATE, '--send', '--smtp', smtp.url, '--to', 'lead@example.org,ops@example.org']);
    expect(again.code).toBe(0);
    expect(smtp.messages).toHaveLength(2);
  });
});

describe('report --send to coordinators (report.recipients)', () => {
  const SCOPED = [
    { to: 'nvs@example.org', regions: ['RU-NVS'], language: 'ru' },
    { to: 'north-west@example.org', regions: ['RU-SPE', 'RU-LEN'], language: 'en' }
  ];
  const nameOf = (code: string, language: Language): string => regionName(data.regions.find((r) => r.code === code)!, language, 'ru');

  it('mails each recipient the report for their regions, with a national line, a subject and a link naming them', async () => {
    const smtp = await server();
    const file = config('scoped', { recipients: ['lead@example.org', ...SCOPED], smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tallyboard <report@example.org>' } });
    const { code, stderr } = await run(['--config', file, '--date', DATE, '--send']);
    expect(stderr).toContain('sent to 3');
    expect(code).toBe(0);
    const mails = new Map(await Promise.all(smtp.messages.map(async (m) => [m.rcpt[0], await simpleParser(m.raw)] as const)));
    const [from, to] = moscowDay(DATE);
    const national = sumStage(data, 'registered', [from, to]);
    for (const { to: address, regions, language: lang } of SCOPED) {
      const language = lang as Language;
      // Numbers are summed here from the cube; the words are the recipient's language's.
      const fmt = (n: number): string => formatInteger(n, language);
      const mail = mails.get(address)!;
      const sum = (stage: 'registered' | 'phone' | 'future' | 'available', range: [number, number]): number => regions.reduce((s, r) => s + sumStage(data, stage, range, r), 0);
      const registered = sum('registered', [from, to]);
      expect(registered, address).toBeLessThan(national);
      for (const code of regions) expect(mail.subject).toContain(nameOf(code, language));
      expect(mail.subject).toContain(change(registered, sum('registered', [from - 24, from]), language));
      for (const n of [registered, sum('future', [0, to])]) expect(mail.subject).toContain(fmt(n));
      for (const stage of ['registered', 'phone', 'future', 'available'] as const) expect(mail.text).toContain(`${fmt(sum(stage, [from, to]))}`);
      expect(mail.text).toContain(`${stageLabel('registered', language)}: ${fmt(registered)}`);
      const wholeCampaign = language === 'ru' ? `Вся кампания: ${fmt(national)} регистраций за день` : `Whole campaign: ${fmt(national)} registered on the day`;
      expect(mail.text).toContain(wholeCampaign);
      expect(mail.html).toContain(wholeCampaign);
      const rows = parseCsv(mail.attachments.find((a) => a.filename === 'readiness.csv')!.content.toString('utf8'));
      expect(rows.slice(1).map((r) => r[0]).filter((c) => c !== 'TOTAL').sort()).toEqual([...regions].sort());
      const link = regions.length === 1 ? `region=${regions[0]}&focus=${regions[0]}` : `region=${[...regions].sort().join(',')}`;
      expect(mail.text).toContain(`http://127.0.0.1:4173/?from=2017-12-19T21:00Z&to=2017-12-20T21:00Z&${link}`);
    }
    expect(mails.get('lead@example.org')!.text).not.toContain('Whole campaign:');
  });

  it('is idempotent per recipient, day and scope; old ledger entries (no scope) still count for the national report', async () => {
    const smtp = await server();
    const dir = join(root, 'scoped-idempotent', '.tallyboard');
    mkdirSync(dir, { recursive: true });
    // A ledger written before scopes existed: the national report already went to lead@ today.
    writeFileSync(join(dir, 'sent-reports.json'), JSON.stringify({ version: 1, sent: { [`${DATE} lead@example.org`]: { date: DATE, to: 'lead@example.org', contentHash: 'x', sentAt: '2017-12-21T06:00:00Z', messageId: '<x@y>' } } }));
    const file = config('scoped-idempotent', { to: ['lead@example.org'], recipients: [{ to: 'lead@example.org', regions: ['RU-NVS'] }, SCOPED[0]] });
    const argv = ['--config', file, '--date', DATE, '--send', '--smtp', smtp.url];
    const first = await run(argv);
    expect(first.code).toBe(0);
    // lead@ gets the Novosibirsk report (a new scope) but not the national one again; nvs@ (ru) gets its own.
    expect(smtp.messages.map((m) => m.rcpt[0]).sort()).toEqual(['lead@example.org', 'nvs@example.org']);
    const ledger = JSON.parse(readFileSync(join(dir, 'sent-reports.json'), 'utf8'));
    expect(Object.keys(ledger.sent).sort()).toEqual([`${DATE} lead@example.org`, `${DATE} lead@example.org RU-NVS`, `${DATE} nvs@example.org RU-NVS`]);
    const again = await run(argv);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('sent to 0');
    expect(smtp.messages).toHaveLength(2);
  });

  it('refuses an unknown region code in a recipient with exit 2', async () => {
    const file = config('scoped-typo', { recipients: [{ to: 'x@example.org', regions: ['RU-XYZ'] }] });
    const r = await run(['--config', file, '--date', DATE, '--send', '--smtp', 'smtp://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RU-XYZ');
  });
});

describe('report CLI', () => {
  it('--out writes report.html, report.txt, the PNGs and readiness.csv (real process, exit 0)', () => {
    const file = config('files', { to: ['lead@example.org'] });
    const out = join(root, 'files', 'out');
    const r = spawnSync(process.execPath, ['data-pipeline/bin/tallyboard.js', 'report', '--config', file, '--date', DATE, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of ['report.html', 'report.txt', 'readiness.csv', 'series.png', 'regions.png']) expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('src="series.png"');
    expect(html).not.toContain('cid:');
  });

  it('rejects a bad date and a missing config with exit 2', async () => {
    expect((await run(['--config', 'x.json', '--date', '2017-02-30'])).code).toBe(2);
    const missing = await run(['--config', join(root, 'nope.json'), '--date', DATE]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
  });
});
