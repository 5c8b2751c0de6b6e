import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../../shared/cube/dataset.ts';
import { parseCsv } from '../../../shared/csv/csv.ts';
import { CampaignCalendar } from '../../../data-pipeline/report/campaign-day.ts';
import { computeFigures } from '../../../data-pipeline/report/figures.ts';
import { readinessCsv } from '../../../data-pipeline/report/readiness-csv.ts';
import { renderText } from '../../../data-pipeline/report/render-text.ts';
import { renderHtml } from '../../../data-pipeline/report/render-html.ts';
import { renderCharts } from '../../../data-pipeline/report/charts.ts';
import { subject } from '../../../data-pipeline/report/summary.ts';
import { SYNTHETIC_OUTAGE, SYNTHETIC_START, writeSyntheticDataset } from '../../support/synthetic-dataset.ts';
import { moscowDay, sumStage } from '../../support/report-expected.ts';

let dir: string;
let data: Dataset;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyboard-report-figures-'));
  writeSyntheticDataset(join(dir, 'data'));
  data = await loadDataset(async (p) => new Uint8Array(await readFile(join(dir, 'data', p))));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('campaign days', () => {
  it('follow the time zone, including DST changes (23- and 25-hour days)', () => {
    const berlin = new CampaignCalendar('Europe/Berlin');
    const spring = berlin.day('2024-03-31');
    const autumn = berlin.day('2024-10-27');
    expect(spring.endHour - spring.startHour).toBe(23);
    expect(autumn.endHour - autumn.startHour).toBe(25);
    expect(new Date(spring.startHour * 3_600_000).toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(new CampaignCalendar('Europe/Moscow').day('2017-12-20')).toEqual({ date: '2017-12-20', startHour: moscowDay('2017-12-20')[0], endHour: moscowDay('2017-12-20')[1] });
  });
});

describe('report figures equal sums taken straight from the cube', () => {
  it('stages: the day, the day before, the same weekday last week, the 7-day average, to date', () => {
    const date = '2017-12-20';
    const f = computeFigures(data, { date });
    const [from, to] = moscowDay(date);
    for (const stage of ['registered', 'phone', 'future', 'available'] as const) {
      const s = f.stages.find((x) => x.stage === stage)!;
      const day = (k: number): [number, number] => [from - 24 * k, to - 24 * k];
      expect(s.day, stage).toBe(sumStage(data, stage, day(0)));
      expect(s.previousDay, stage).toBe(sumStage(data, stage, day(1)));
      expect(s.sameWeekdayLastWeek, stage).toBe(sumStage(data, stage, day(7)));
      expect(s.average7, stage).toBeCloseTo(sumStage(data, stage, [from - 7 * 24, from]) / 7, 9);
      expect(s.toDate, stage).toBe(sumStage(data, stage, [0, to]));
    }
    expect(f.stages[0].day).toBeGreaterThan(0);
    const text = renderText(f);
    expect(text).toContain(`Registered: ${sumStage(data, 'registered', [from, to]).toLocaleString('en-US')}`);
  });

  it('names the optional inputs the campaign has not configured, and only then', () => {
    expect(renderText(computeFigures(data, { date: '2017-12-20' }))).not.toContain('Not configured yet');
    const starting = { ...data, manifest: { ...data.manifest, campaign: { ...data.manifest.campaign, notConfigured: ['headquarters' as const, 'deliveries' as const] } } };
    expect(renderText(computeFigures(starting, { date: '2017-12-20' }))).toContain('Not configured yet: headquarters, deliveries');
  });

  it('caps: capped total = Σ min(region available, cap) within the total cap; reached and at-risk regions are consistent', () => {
    const f = computeFigures(data, { date: '2017-12-20' });
    const [, to] = moscowDay('2017-12-20');
    let countable = 0;
    for (const r of data.regions) countable += Math.min(sumStage(data, 'available', [0, to], r.code), r.cap);
    expect(f.totals.campaign.cappedTotal).toBe(Math.min(countable, data.manifest.campaign.totalCap));
    expect(f.totals.campaign.cappedTotal).toBeLessThan(sumStage(data, 'available', [0, to]));
    expect(f.reachedCap.map((r) => r.code)).toContain('RU-MOW');
    for (const r of f.reachedCap) expect(r.available).toBeGreaterThanOrEqual(r.cap);
    for (const r of f.atRisk) expect(r.forecast).toBeLessThan(r.cap);
    expect(f.totals.daysLeft).toBe(25);
    expect(f.totals.campaign.forecast.value).toBeGreaterThanOrEqual(f.totals.campaign.cappedTotal);
  });

  it('finds the gateway outage with its hours, and no outage on an ordinary day', () => {
    const f = computeFigures(data, { date: '2017-12-20' });
    const from = SYNTHETIC_START / 3_600_000 + SYNTHETIC_OUTAGE.fromHourOffset;
    expect(f.deliverability.outages).toEqual([
      expect.objectContaining({ channel: 'sms', gateway: SYNTHETIC_OUTAGE.gateway, from, to: from + SYNTHETIC_OUTAGE.hours })
    ]);
    expect(computeFigures(data, { date: '2017-12-18' }).deliverability.outages).toEqual([]);
    expect(renderText(f)).toMatch(/OUTAGE sms\/smsbeta 12:00–17:00 \(5 h\)/);
  });

  it('lists the day’s event with a positive lift, and the headquarters opened that day', () => {
    const f = computeFigures(data, { date: '2017-12-10' });
    expect(f.events.map((e) => e.event.id)).toEqual(['ev-video']);
    expect(f.events[0].lift?.lift).toBeGreaterThan(500);
    // hq-2 and hq-12 open on day 2 of the synthetic campaign (03:00 Moscow time).
    expect(computeFigures(data, { date: '2017-11-22' }).headquartersOpened.map((h) => h.id).sort()).toEqual(['hq-12', 'hq-2']);
    expect(f.headquartersOpened).toEqual([]);
  });

  it('lists the day’s events with RSVPs; a cancelled one is marked and attributed nothing', () => {
    const video = data.events.find((e) => e.id === 'ev-video')!;
    const calledOff = { ...video, id: 'ev-called-off', title: 'Rally (called off)', kind: 'rally' as const, status: 'cancelled' as const, rsvps: 120 };
    const f = computeFigures({ ...data, events: [...data.events, calledOff] }, { date: '2017-12-10' });
    const without = computeFigures(data, { date: '2017-12-10' });
    expect(f.events.map((e) => e.event.id)).toEqual(['ev-video', 'ev-called-off']);
    expect(f.events[1].lift).toBeNull();
    // Had it been attributed, the rally at the same hour would have taken part of the video's lift.
    expect(f.events[0].lift).toEqual(without.events[0].lift);
    expect(renderText(f)).toContain('Rally (called off) [rally, ');
    expect(renderText(f)).toContain(', RSVPs: 120]: cancelled');
  });

  it('regions that moved most are ranked by the change against their 7-day average', () => {
    const f = computeFigures(data, { date: '2017-12-10' });
    const day = moscowDay('2017-12-10');
    const top = f.movedUp[0];
    expect(top.day).toBe(sumStage(data, 'registered', day, top.code));
    expect(top.change).toBeCloseTo(top.day - sumStage(data, 'registered', [day[0] - 168, day[0]], top.code) / 7, 9);
    for (const m of f.regionDays) expect(m.change).toBeLessThanOrEqual(top.change);
  });

  it('links the dashboard filtered to the day, and writes a formula-safe readiness CSV', () => {
    const f = computeFigures(data, { date: '2017-12-20', dashboardUrl: 'https://dash.example.org/?region=RU-MOW' });
    expect(f.dashboardUrl).toBe('https://dash.example.org/?region=RU-MOW&from=2017-12-19T21:00Z&to=2017-12-20T21:00Z');
    const poisoned = { ...f, readiness: [{ ...f.readiness[0], name: '=HYPERLINK("http://evil")' }] };
    const rows = parseCsv(readinessCsv(poisoned));
    expect(rows[1][1]).toBe(`'=HYPERLINK("http://evil")`);
    const csv = parseCsv(readinessCsv(f));
    expect(csv.length - 1).toBe(f.readiness.length);
  });
});

describe('the report in Russian', () => {
  it('speaks Russian in the text, the HTML, the CSV and the charts, with Russian numbers and dates', () => {
    const date = '2017-12-20';
    const f = computeFigures(data, { date, language: 'ru' });
    const [from, to] = moscowDay(date);
    const registered = new Intl.NumberFormat('ru').format(sumStage(data, 'registered', [from, to]));
    const text = renderText(f);
    expect(text).toContain('ежедневный отчёт: среда, 20 декабря 2017 г.');
    expect(text).toContain(`Зарегистрировались: ${registered}`);
    expect(text).toContain('ДОСТАВЛЯЕМОСТЬ');
    expect(text).toMatch(/СБОЙ sms\/smsbeta 12:00–17:00 \(5 ч\)/);
    expect(text).not.toMatch(/\b(registered|vs the day before|none)\b/);
    const html = renderHtml(f, renderCharts(f), (c) => `${c.name}.png`);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('к предыдущему дню');
    const [header] = parseCsv(readinessCsv(f));
    expect(header[0]).toBe('Код региона');
    expect(header).toContain('Квота набрана в этот день');
    expect(subject(f)).toContain(`зарегистрировались ${registered}`);
  });
});
