/**
 * CSV sources, incremental == full: random sequences of appends (new rows, invalid rows, duplicate ids of earlier
 * rows, new source values), stage updates and deletions (the export rewritten: that source is read again in full,
 * and a long-lived process takes the facts' difference from its kept sums), byte for byte after every step, rejects.csv included. A header-less Windows-1251 source grows alongside.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildResources } from '../../../data-pipeline/build-resources.ts';
import { buildWith, expectSameSet, prng, STATE_ENV } from '../../support/incremental.ts';
import { cp1251, SITE_HEADER, writeCampaign } from '../../support/pipeline-helpers.ts';

const CITIES = ['Москва', ' г. Москва', 'Химки', 'нск', 'Тула', 'Спрингфилд', 'Зюзюкинск', ''];
const SOURCES = ['site', 'vk', ' landing', ''];

function row(rnd: () => number, id: string, phone: boolean): string {
  const day = 1 + Math.floor(rnd() * 20);
  const created = `2024-03-${String(day).padStart(2, '0')}T${String(Math.floor(rnd() * 24)).padStart(2, '0')}:00:00+03:00`;
  const later = `2024-03-${String(day + 1).padStart(2, '0')}T10:00:00+03:00`;
  const bad = rnd() < 0.08;
  const city = CITIES[Math.floor(rnd() * CITIES.length)];
  const source = SOURCES[Math.floor(rnd() * SOURCES.length)];
  return [id, bad ? 'not-a-date' : created, 'Имя', 'Фамилия', '+7916', 'x@mail.example', city, '', source, phone ? later : '', rnd() < 0.3 ? later : '', rnd() < 0.2 ? later : ''].join(',');
}

const stateLine = (log: string[]): string => log.find((l) => l.includes('state')) ?? '';

const KEPT_SUMS = /^\s*sums: the last build's sums kept/;

describe('incremental builds over CSV sources', () => {
  // Seeds 1 and 3 build as `watch` does, in one long-lived process that keeps its sums between builds; seed 2 as
  // separate `build` processes do, from the sums the state keeps (`sums.bin`), removed before every other step so
  // that those builds sum every fact.
  for (const [seed, watching] of [[1, true], [2, false], [3, true]] as const) {
    it(`equal a full build byte for byte after every step (seed ${seed}${watching ? ', kept sums' : ', sums from the state'})`, async () => {
      const resources = watching ? new BuildResources() : undefined;
      const rnd = prng(seed);
      let next = 0;
      const ids: string[] = [];
      const fresh = (): string => {
        const id = `r${seed}-${next++}`;
        ids.push(id);
        return id;
      };
      const lines = Array.from({ length: 30 }, () => row(rnd, fresh(), rnd() < 0.5));
      const config = writeCampaign({
        registrations: `${SITE_HEADER}\n${lines.join('\n')}\n`,
        extraSources: [
          { kind: 'csv', name: 'partner', path: 'partner.csv', profile: { encoding: 'windows-1251', delimiter: ';', header: ['ID', 'Дата', 'Город'], columns: { id: 'ID', created_at: 'Дата', city: 'Город' }, personal: [] } },
          // Lines ending in CR alone, which DuckDB's reader refuses: read by the TypeScript reader, in full whenever it changed.
          { kind: 'csv', name: 'forms', path: 'forms.csv', profile: { columns: { id: 'num', created_at: 'when', city: 'town' }, personal: [], timeFormat: 'DD.MM.YYYY HH:mm' } }
        ],
        files: { 'partner.csv': cp1251('p-1;2024-03-05T12:00:00+03:00;Тула\n'), 'forms.csv': 'num,when,town\rf-1,05.03.2024 12:00,Химки\rf-2,31.02.2024 12:00,Тула\r' }
      });
      const dir = dirname(config);
      const regs = join(dir, 'registrations.csv');
      const incDir = mkdtempSync(join(tmpdir(), 'tb-inc-'));
      const fullDir = mkdtempSync(join(tmpdir(), 'tb-full-'));
      const first = await buildWith(config, incDir, false, STATE_ENV, { resources });
      expect(stateLine(first.log)).toContain('every source read in full (no previous state)');
      let appended = 0;
      let formsKept = 0;
      let changesKept = 0;
      for (let step = 0; step < 8; step++) {
        const op = rnd();
        let what: string;
        if (op < 0.5) {
          const n = 1 + Math.floor(rnd() * 6);
          const add = Array.from({ length: n }, () => (rnd() < 0.2 ? row(rnd, ids[Math.floor(rnd() * ids.length)], false) : row(rnd, fresh(), rnd() < 0.5)));
          appendFileSync(regs, `${add.join('\n')}\n`);
          if (rnd() < 0.5) appendFileSync(join(dir, 'partner.csv'), cp1251(`p-${next++};2024-03-06T12:00:00+03:00;мск\n`));
          if (rnd() < 0.3) appendFileSync(join(dir, 'forms.csv'), `f-${next++},0${1 + Math.floor(rnd() * 9)}.03.2024 1${Math.floor(rnd() * 9)}:30,нск\r`);
          what = `append ${n}`;
        } else if (op < 0.75) {
          // A later stage for an earlier registration: the export is rewritten with the row changed.
          const all = readFileSync(regs, 'utf8').split('\n');
          const k = 1 + Math.floor(rnd() * (all.length - 2));
          const cells = all[k].split(',');
          cells[9] = '2024-03-25T10:00:00+03:00';
          all[k] = cells.join(',');
          writeFileSync(regs, all.join('\n'));
          what = `stage update of row ${k}`;
        } else {
          const all = readFileSync(regs, 'utf8').split('\n');
          const k = 1 + Math.floor(rnd() * (all.length - 2));
          all.splice(k, 1);
          writeFileSync(regs, all.join('\n'));
          what = `deletion of row ${k}`;
        }
        const savedSums = join(incDir, 'work', 'state', 'sums.bin');
        // Only a build process writes them: watch keeps its own in memory.
        expect(existsSync(savedSums), what).toBe(!watching);
        if (!watching && step % 2 === 1) rmSync(savedSums);
        const inc = await buildWith(config, incDir, false, STATE_ENV, { resources });
        expect(stateLine(inc.log), what).toContain('sources read from where the last build stopped');
        const sums = inc.log.find((l) => /^\s*sums: /.test(l)) ?? '';
        // Only the source dimension's order makes a build that has sums kept sum every fact again.
        if (watching || step % 2 === 0) expect(sums, what).toMatch(/sums kept|brought a new source value|moved or removed a source value/);
        else expect(sums, what).toMatch(/every fact summed \(no sums kept in this process or in the state\)/);
        if (KEPT_SUMS.test(sums) && !what.startsWith('append')) changesKept++;
        expect(inc.log.some((l) => /^\s*forms: (unchanged|read in full)$/.test(l)), what).toBe(true);
        if (inc.log.some((l) => /^\s*forms: unchanged$/.test(l))) formsKept++;
        if (what.startsWith('append')) {
          expect(inc.log.some((l) => /^\s*site: \d+ new bytes, \d+ new rows/.test(l)), what).toBe(true);
          appended++;
        }
        const full = await buildWith(config, fullDir, true);
        expect(stateLine(full.log)).toContain('(--full)');
        expectSameSet(join(incDir, 'out'), join(fullDir, 'out'), `seed ${seed} step ${step} (${what})`);
        expect(readFileSync(join(incDir, 'work', 'rejects.csv'), 'utf8'), `${what}: rejects.csv`).toBe(readFileSync(join(fullDir, 'work', 'rejects.csv'), 'utf8'));
        expect(inc.manifest.counts, what).toEqual(full.manifest.counts);
      }
      expect(appended).toBeGreaterThan(0);
      expect(formsKept).toBeGreaterThan(0);
      expect(changesKept).toBeGreaterThan(0);
    }, 120_000);
  }

  it('takes rows that went out of the kept sums: a city, a spelling and cells left with none vanish as in a full build', async () => {
    const at = (day: number, hour = 12): string => `2024-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+03:00`;
    const line = (id: string, day: number, city: string, region: string, phone = ''): string => [id, at(day), 'Имя', 'Фамилия', '+7916', 'x@mail.example', city, region, 'site', phone, '', ''].join(',');
    const keep = [line('a', 1, 'Москва', ''), line('b', 2, 'Москва', ''), line('t', 3, 'Тула', '')];
    // Each the only row of its city day and cube cell; Химки the only resolved row of its city, Зюзюкинск the only
    // row of its spelling (unresolved, placed in a region), Спрингфилд of its (ambiguous) spelling.
    const go = [line('h', 4, 'Химки', ''), line('z', 5, 'Зюзюкинск', 'Тульская область'), line('s', 6, '"Спрингфилд, IL"', '')];
    const config = writeCampaign({ registrations: `${SITE_HEADER}\n${[...keep, ...go].join('\n')}\n` });
    const regs = join(dirname(config), 'registrations.csv');
    const d = mkdtempSync(join(tmpdir(), 'tb-went-'));
    const resources = new BuildResources();
    await buildWith(config, d, false, STATE_ENV, { resources });
    // The export rewritten: three registrations deleted, a later stage for another.
    writeFileSync(regs, `${SITE_HEADER}\n${[keep[0], keep[1].replace(',site,,', `,site,${at(3)},`), keep[2]].join('\n')}\n`);
    const inc = await buildWith(config, d, false, STATE_ENV, { resources });
    expect(inc.log.find((l) => /^\s*sums: /.test(l))?.trim()).toBe("sums: the last build's sums kept, 1 accepted row(s) added and 4 taken out");
    const full = await buildWith(config, mkdtempSync(join(tmpdir(), 'tb-went-full-')), true);
    expectSameSet(join(d, 'out'), full.outDir, 'rows taken out');
    for (const f of ['unresolved-cities.csv', 'rejects.csv']) expect(readFileSync(join(d, 'work', f), 'utf8'), f).toBe(readFileSync(join(dirname(full.outDir), 'work', f), 'utf8'));
    expect(readFileSync(join(d, 'work', 'unresolved-cities.csv'), 'utf8')).not.toMatch(/Зюзюкинск|Спрингфилд/);
  });

  it('keeps no state without TALLYBOARD_STATE_KEY and says so; a new key means one full build', async () => {
    const config = writeCampaign({ registrations: `${SITE_HEADER}\n${row(prng(9), 'a', true)}\n` });
    const d = mkdtempSync(join(tmpdir(), 'tb-nokey-'));
    const env = { ...process.env };
    delete env.TALLYBOARD_STATE_KEY;
    const r = await buildWith(config, d, false, env);
    expect(stateLine(r.log)).toContain('none kept (TALLYBOARD_STATE_KEY is not set)');
    expect(existsSync(join(d, 'work', 'state'))).toBe(false);
    await buildWith(config, d, false);
    expect(stateLine((await buildWith(config, d, false)).log)).toContain('from where the last build stopped');
    const other = await buildWith(config, d, false, { ...STATE_ENV, TALLYBOARD_STATE_KEY: 'another secret' });
    expect(stateLine(other.log)).toContain('every source read in full (the config, a profile, the headquarters or the key changed)');
  });

  for (const watching of [true, false]) {
    it(`after a build that took the sums over failed, ${watching ? 'sums every fact (watch)' : 'adds to the sums the state keeps (build processes)'}`, async () => {
      const rnd = prng(6);
      const config = writeCampaign({ registrations: `${SITE_HEADER}\n${Array.from({ length: 20 }, (_, i) => row(rnd, `a${i}`, true)).join('\n')}\n` });
      const regs = join(dirname(config), 'registrations.csv');
      const d = mkdtempSync(join(tmpdir(), 'tb-spent-'));
      const resources = watching ? new BuildResources() : undefined;
      await buildWith(config, d, false, STATE_ENV, { resources });
      // Rows the validator rejects, so many that the rejected share's gate holds the build back after summing, and a
      // few it accepts, which change the failed build's copy of the state.
      appendFileSync(regs, `${Array.from({ length: 3 }, (_, i) => row(rnd, `k${i}`, true)).join('\n')}\n`);
      appendFileSync(regs, `${Array.from({ length: 30 }, (_, i) => `b${i},not-a-date,,,,,Тула,,site,,,`).join('\n')}\n`);
      const stateFile = join(d, 'work', 'state', 'state.duckdb');
      const kept = readFileSync(stateFile);
      await expect(buildWith(config, d, false, STATE_ENV, { resources, gates: true })).rejects.toThrow(/rejected share rose/);
      // The failed build had written its copy of the state (BuildState.checkpointAhead, before the cubes): the state
      // in place is the last good build's, byte for byte.
      expect(readFileSync(stateFile).equals(kept)).toBe(true);
      appendFileSync(regs, `${row(rnd, 'c', true)}\n`);
      // watch's sums in memory were spent by the failed build; a build process's in the state are as the last publish left them.
      const again = await buildWith(config, d, false, STATE_ENV, { resources });
      const sums = again.log.find((l) => /^\s*sums: /.test(l)) ?? '';
      if (watching) expect(sums).toMatch(/sums: every fact summed \(a build that failed took them over\)/);
      else expect(sums).toMatch(KEPT_SUMS);
      expectSameSet(join(d, 'out'), (await buildWith(config, mkdtempSync(join(tmpdir(), 'tb-spent-full-')), true)).outDir, 'after a failed build');
      // The next build keeps the sums again.
      appendFileSync(regs, `${row(rnd, 'e', false)}\n`);
      expect((await buildWith(config, d, false, STATE_ENV, { resources })).log.some((l) => KEPT_SUMS.test(l))).toBe(true);
    });
  }

  it('leaves the state as it was when a build fails, and the next build reads the same tail', async () => {
    const config = writeCampaign({ registrations: `${SITE_HEADER}\n${row(prng(4), 'a', true)}\n` });
    const dir = dirname(config);
    const d = mkdtempSync(join(tmpdir(), 'tb-fail-'));
    const resources = new BuildResources();
    await buildWith(config, d, false, STATE_ENV, { resources });
    const state = readFileSync(join(d, 'work', 'state', 'state.json'), 'utf8');
    appendFileSync(join(dir, 'registrations.csv'), `${row(prng(5), 'b', false)}\n`);
    writeFileSync(join(dir, 'events.csv'), 'not,an,events,file\n');
    await expect(buildWith(config, d, false, STATE_ENV, { resources })).rejects.toThrow(/events\.csv/);
    expect(readFileSync(join(d, 'work', 'state', 'state.json'), 'utf8')).toBe(state);
    writeFileSync(join(dir, 'events.csv'), readFileSync(join(dir, 'events.csv'), 'utf8').replace('not,an,events,file\n', 'id,time,title,kind,region_code,url\n'));
    // A copy a killed build left behind (its process is gone) is removed by the next build.
    const abandoned = join(d, 'work', 'state.next-2147483646');
    mkdirSync(join(abandoned, 'rejects'), { recursive: true });
    const again = await buildWith(config, d, false, STATE_ENV, { resources });
    expect(existsSync(abandoned)).toBe(false);
    expect(again.log.some((l) => /site: \d+ new bytes, 1 new rows/.test(l))).toBe(true);
    // The build failed before it took the kept sums over: they are still the last good build's.
    expect(again.log.some((l) => KEPT_SUMS.test(l))).toBe(true);
    expect(again.manifest.counts.read).toBe(2);
    expect(again.manifest.totals.registrations.registered).toBe(again.manifest.counts.accepted);
  });
});
