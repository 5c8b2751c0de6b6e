/**
 * The README's "Operating a live campaign" examples, run as written against a small campaign: every
 * `npm run -s tallyboard -- …` line of its `sh` blocks, with `my-campaign/campaign.json` standing for the test's
 * config. `serve` runs until stopped and has its own tests (tests/integration/serve/); `watch` is stopped by
 * SIGTERM after its first line.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { SITE_HEADER, writeCampaign } from '../../support/pipeline-helpers.ts';
import { startSmtp, type TestSmtp } from '../../support/smtp-harness.ts';

const PREFIX = 'npm run -s tallyboard -- ';

function sectionCommands(): string[][] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## Operating a live campaign');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split('\n').filter((l) => l.startsWith(PREFIX))).map((l) => l.slice(PREFIX.length).split(/\s+/).filter(Boolean));
}

function watchFirstLine(args: string[]): Promise<{ code: number | null; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['data-pipeline/bin/tallyboard.js', ...args]);
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', (code) => (out ? resolve({ code, line: out.split('\n')[0] }) : reject(new Error(`watch printed nothing: ${stderr}`))));
  });
}

describe('README: Operating a live campaign', () => {
  let smtp: TestSmtp;
  let config: string;
  const commands = sectionCommands();

  beforeAll(async () => {
    smtp = await startSmtp();
    const at = (hour: number) => `2024-03-05T${hour}:00:00+03:00`;
    // Phone confirmed and questionnaire done in a city with a headquarters: each counts as available.
    const row = (id: string, hour: number) => `${id},${at(hour)},Анна,Петрова,+79000000000,a@example.org,Москва,,site,${at(hour + 1)},,${at(hour + 2)}\n`;
    config = writeCampaign({
      registrations: `${SITE_HEADER}\n${row('r1', 10)}${row('r2', 11)}`,
      // The only region's cap is reached: `alerts --send` has an incident to mail.
      config: { regionCaps: { 'RU-MOW': 1 }, report: { to: ['ops@example.org'], smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tallyboard <tb@example.org>' } } }
    });
  });
  afterAll(async () => smtp.close());

  it('has the examples this test expects', () => {
    expect(commands.map((c) => c[0])).toEqual(['build', 'build', 'build', 'watch', 'serve', 'alerts', 'alerts']);
  });

  it('runs each as written', async () => {
    // The incremental builds' secret, as the README exports it.
    expect(readFileSync('README.md', 'utf8')).toContain('export TALLYBOARD_STATE_KEY=');
    process.env.TALLYBOARD_STATE_KEY = 'readme-example-secret';
    const stateLines: string[] = [];
    for (const written of commands) {
      const args = written.map((a) => (a === 'my-campaign/campaign.json' ? config : a));
      if (args[0] === 'serve') continue;
      if (args[0] === 'watch') {
        const { code, line } = await watchFirstLine(args);
        expect(code, line).toBe(0);
        expect(line).toMatch(/run 1: built in .* read 2 = accepted 2 \+ rejected 0/);
        continue;
      }
      const result = await runCli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      if (args[0] === 'build') stateLines.push(`${result.stdout}${result.stderr}`.split('\n').find((l) => l.includes(' state ')) ?? '');
    }
    expect(stateLines[0]).toMatch(/every source read in full \((no previous state|--full)\)/);
    expect(stateLines[1]).toContain('sources read from where the last build stopped');
    expect(stateLines[2]).toContain('every source read in full (--full)');
    // `watch` mails the incident's start after its build; the `alerts --send` after it finds it already mailed.
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].raw.toString()).toContain('X-Tallyboard-Alert: region-cap RU-MOW; start');
  }, 180_000);
});
