import { describe, it, expect } from 'vitest';
import { runCli as run } from '../../support/cli.ts';

describe('cities resolve CLI', () => {
  it('writes one JSON object per input line, in order, empty lines included', async () => {
    const { code, stdout } = await run(['cities', 'resolve', '--pack', 'ru'], 'Москва\n\nСПб\nКиев\nvjcrdf\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input)).toEqual(['Москва', '', 'СПб', 'Киев', 'vjcrdf']);
    expect(lines.map((l) => l.status)).toEqual(['matched', 'unresolved', 'matched', 'unresolved', 'matched']);
    expect(lines[0]).toMatchObject({ geonameId: 524901, city: 'Москва', regionCode: 'RU-MOW', candidates: expect.any(Array) });
    expect(Object.keys(lines[0])).toEqual(['input', 'status', 'geonameId', 'city', 'region', 'regionCode', 'score', 'candidates']);
    expect(lines[2].regionCode).toBe('RU-SPE');
  });

  it('handles the US pack and region hints', async () => {
    const { code, stdout } = await run(['cities', 'resolve', '--pack', 'us'], 'Springfield\nSpringfield, IL\r\n');
    expect(code).toBe(0);
    const [a, b] = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(a.status).toBe('ambiguous');
    expect(b).toMatchObject({ status: 'matched', regionCode: 'US-IL' });
  });

  it('exits 2 with a clear message on a bad --pack', async () => {
    const { code, stderr, stdout } = await run(['cities', 'resolve', '--pack', 'fr'], 'x\n');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--pack must be "ru" or "us"/);
  });
});
