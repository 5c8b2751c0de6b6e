import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pack } from '../../../geo/pack.ts';
import type { CityResolution, CityResolver } from '../../../data-pipeline/resolve/city-resolver.ts';
import { answerLine, parseAnswerLine, withResolutionCache } from '../../../data-pipeline/resolve/resolution-cache.ts';

const answer = (input: string): CityResolution => ({ input, status: 'unresolved', geonameId: null, city: null, region: null, regionCode: null, score: 0, candidates: [] });

function counting(): CityResolver & { calls: string[] } {
  const calls: string[] = [];
  return { calls, resolve: (input) => (calls.push(input), answer(input)) };
}

/** The spellings the file keeps answers for (a line each after the head line). */
const keptInputs = (dir: string): string[] =>
  readFileSync(join(dir, 'city-resolutions-ru.jsonl'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as [string, unknown])[0]);

const pack = (contentHash: string): Pack => ({ code: 'ru', contentHash }) as unknown as Pack;

/** A work folder whose last build (pack p1) resolved and saved `inputs`. */
function folderAnswering(...inputs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-resolutions-'));
  const last = withResolutionCache(() => counting(), pack('p1'), dir);
  for (const input of inputs) last.resolve(input);
  last.save();
  return dir;
}

describe('resolution cache', () => {
  it('writes each kind of answer as a line that reads back equal, the match alone without its candidate', () => {
    const tula = { geonameId: 480562, city: 'Тула', region: 'Тульская область', regionCode: 'RU-TUL', score: 1 };
    const zhel = [
      { geonameId: 463343, city: 'Железногорск', region: 'Курская область', regionCode: 'RU-KRS', score: 1 },
      { geonameId: 1538635, city: 'Железногорск', region: 'Красноярский край', regionCode: 'RU-KYA', score: 1 }
    ];
    const answers: CityResolution[] = [
      { input: 'тула', status: 'matched', ...tula, candidates: [tula] },
      // matched, with a runner-up: the candidates are kept
      { input: 'Железногорск, Курская', status: 'matched', ...zhel[0], score: 0.9, candidates: [{ ...zhel[0], score: 0.9 }, { ...zhel[1], score: 0.4 }] },
      // matched, its one candidate scored otherwise: kept too
      { input: 'Тулаа', status: 'matched', ...tula, score: 0.8, candidates: [tula] },
      { input: 'Железногорск', status: 'ambiguous', geonameId: null, city: null, region: null, regionCode: null, score: 0, candidates: zhel },
      answer('пос. Новоселье, "Санкт-Петербург"')
    ];
    for (const a of answers) expect(parseAnswerLine(answerLine(a.input, a))).toEqual([a.input, a]);
    expect(answerLine('тула', answers[0])).toBe('["тула","matched",480562,"Тула","Тульская область","RU-TUL",1,0]\n');
  });

  it('resolves afresh from a file of the earlier format', () => {
    const dir = folderAnswering('Москва');
    const file = join(dir, 'city-resolutions-ru.jsonl');
    const [head] = readFileSync(file, 'utf8').split('\n');
    const { hash } = JSON.parse(head) as { hash: string };
    writeFileSync(file, `${JSON.stringify({ hash })}\n${JSON.stringify(['Москва', answer('Москва')])}\n`);
    const inner = counting();
    const b = withResolutionCache(() => inner, pack('p1'), dir);
    expect(b.resolve('Москва')).toEqual(answer('Москва'));
    expect(inner.calls).toEqual(['Москва']);
  });

  it('answers a later build from the last one, and only what that build asked for is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-resolutions-'));
    const first = counting();
    const a = withResolutionCache(() => first, pack('p1'), dir);
    a.resolve('Москва');
    a.resolve('Тула');
    a.save();
    const second = counting();
    const b = withResolutionCache(() => second, pack('p1'), dir);
    expect(b.resolve('Москва')).toEqual(answer('Москва'));
    b.resolve('Химки');
    expect(second.calls).toEqual(['Химки']);
    expect([b.hits, b.misses]).toEqual([1, 1]);
    b.save();
    expect(keptInputs(dir).sort()).toEqual(['Москва', 'Химки']);
  });

  it('builds the resolver only when the file does not answer a spelling', () => {
    const dir = folderAnswering('Москва');
    let built = 0;
    const b = withResolutionCache(() => (built++, counting()), pack('p1'), dir);
    b.resolve('Москва');
    expect(built).toBe(0);
    b.resolve('Тула');
    b.resolve('Тверь');
    expect(built).toBe(1);
  });

  it('leaves the file alone when a build met exactly the spellings of the last one', () => {
    const dir = folderAnswering('Москва');
    const file = join(dir, 'city-resolutions-ru.jsonl');
    // A mark a rewrite would drop: JSON allows trailing white space.
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n\n`);
    const same = withResolutionCache(() => counting(), pack('p1'), dir);
    same.resolve('Москва');
    same.save();
    expect(readFileSync(file, 'utf8').endsWith('\n\n')).toBe(true);
    same.resolve('Тула');
    same.save();
    expect(readFileSync(file, 'utf8').endsWith('\n\n')).toBe(false);
  });

  it('serves a long-lived process build after build: known answers stay, counts and the saved set start afresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-resolutions-'));
    const inner = counting();
    const r = withResolutionCache(() => inner, pack('p1'), dir);
    r.resolve('Москва');
    r.resolve('Тула');
    r.save();
    r.nextBuild();
    r.resolve('Москва');
    expect(inner.calls).toEqual(['Москва', 'Тула']);
    expect([r.hits, r.misses]).toEqual([1, 0]);
    r.save();
    expect(keptInputs(dir)).toEqual(['Москва']);
  });

  it('keeps the earlier builds\' answers too after a build that only added new rows to kept sums', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-resolutions-'));
    const r = withResolutionCache(() => counting(), pack('p1'), dir);
    r.resolve('Москва');
    r.resolve('Тула');
    r.save();
    r.nextBuild();
    r.resolve('Химки');
    const before = readFileSync(join(dir, 'city-resolutions-ru.jsonl'), 'utf8');
    r.save(true);
    // Appended: the lines before stay as they were.
    expect(readFileSync(join(dir, 'city-resolutions-ru.jsonl'), 'utf8').startsWith(before)).toBe(true);
    expect(keptInputs(dir).sort()).toEqual(['Москва', 'Тула', 'Химки']);
    // A line a crash cut short costs that answer only.
    writeFileSync(join(dir, 'city-resolutions-ru.jsonl'), `${before}["Хим`);
    const inner = counting();
    const next = withResolutionCache(() => inner, pack('p1'), dir);
    next.resolve('Тула');
    next.resolve('Химки');
    expect(inner.calls).toEqual(['Химки']);
  });

  for (const ahead of [false, true]) {
    const parsed = ahead ? 'all parsed ahead' : 'parsed as asked for';
    it(`answers every spelling the last build saved, those JSON writes with escapes too (answers ${parsed})`, () => {
      const odd = ['Тула', 'г. "Москва", ЦАО', 'a\\b', 'Химки",x', 'tab\there', '\ud800 alone', 'emoji 🏙️', ''];
      const spellings = [...odd, ...Array.from({ length: 3000 }, (_, i) => `город ${i}`)];
      const dir = mkdtempSync(join(tmpdir(), 'tb-resolutions-'));
      const first = withResolutionCache(() => counting(), pack('p1'), dir);
      for (const s of spellings) first.resolve(s);
      first.save();
      const inner = counting();
      const next = withResolutionCache(() => inner, pack('p1'), dir);
      if (ahead) next.parseAll();
      for (const s of [...spellings].reverse()) expect(next.resolve(s)).toEqual(answer(s));
      expect([inner.calls, next.hits]).toEqual([[], spellings.length]);
    });

    it(`resolves afresh a spelling whose line was cut short after the spelling itself (answers ${parsed})`, () => {
      const dir = folderAnswering('Москва', 'Тула');
      const file = join(dir, 'city-resolutions-ru.jsonl');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\["Тула".*\n/, '["Тула","unres'));
      const inner = counting();
      const r = withResolutionCache(() => inner, pack('p1'), dir);
      if (ahead) r.parseAll();
      expect(r.resolve('Тула')).toEqual(answer('Тула'));
      r.resolve('Москва');
      expect(inner.calls).toEqual(['Тула']);
    });
  }

  it('resolves afresh when the pack changed or the file is unreadable', () => {
    const dir = folderAnswering('Москва');
    const other = counting();
    withResolutionCache(() => other, pack('p2'), dir).resolve('Москва');
    expect(other.calls).toEqual(['Москва']);
    writeFileSync(join(dir, 'city-resolutions-ru.jsonl'), '{not json');
    const broken = counting();
    withResolutionCache(() => broken, pack('p1'), dir).resolve('Москва');
    expect(broken.calls).toEqual(['Москва']);
  });

  it('keeps nothing for a pack without a content hash (built in memory)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-resolutions-'));
    const c = withResolutionCache(() => counting(), pack(''), dir);
    c.resolve('Москва');
    c.save();
    expect(() => readFileSync(join(dir, 'city-resolutions-ru.jsonl'))).toThrow();
  });
});
