import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../../data-pipeline/config/load-config.ts';

const base = { name: 'C', pack: 'ru', timeZone: 'Europe/Moscow', window: { start: '2024-01-01', end: '2024-02-01' }, target: 1, totalCap: 1, regionCap: 1, nearKm: 50, sources: [{ kind: 'csv', name: 's', path: 'r.csv' }] };
const withUrl = (dashboardUrl: string) => () => validateConfig({ ...base, report: { to: ['a@b.c'], dashboardUrl } }, 'campaign.json');

describe('report.dashboardUrl', () => {
  it('accepts http(s) links only', () => {
    expect(withUrl('https://dash.example.org/')).not.toThrow();
    expect(withUrl('http://127.0.0.1:4173/')).not.toThrow();
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>x</script>', 'file:///etc/passwd', 'dash.example.org']) {
      expect(withUrl(bad), bad).toThrow(ConfigError);
    }
    expect(withUrl('javascript:alert(1)')).toThrow(/\/report\/dashboardUrl/);
  });
});
