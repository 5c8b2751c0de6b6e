import { describe, it, expect } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { matchKey, normalizeText } from '../../../shared/text/city-text.ts';
import { createRegionParser, parseInput } from '../../../data-pipeline/resolve/normalize.ts';
import { fixMixedScript } from '../../../shared/text/transliterate.ts';

const ru = createRegionParser(loadPack('ru').regions);
const us = createRegionParser(loadPack('us').regions);

describe('normalizeText', () => {
  it('gives what the regex definition gives, on random text of letters, digits, punctuation and other scripts', () => {
    // The definition: script slips repaired, lower case, ё → е, every run of non-letters and non-digits one space.
    const reference = (s: string) => fixMixedScript(s).toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const alphabet = [...'abcXYZ019абвЮЯёЁ .,-()/"«»\t', 'é', 'ß', '²', 'і', 'Ђ', '\u00a0'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 20_000; n += 1) {
      const length = Math.floor(next() * 14);
      let s = '';
      for (let i = 0; i < length; i += 1) s += alphabet[Math.floor(next() * alphabet.length)];
      expect(normalizeText(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it('lowercases, folds ё, turns punctuation and hyphens into single spaces', () => {
    expect(normalizeText('  Орёл ')).toBe('орел');
    expect(normalizeText('Ростов-на-Дону')).toBe('ростов на дону');
    expect(normalizeText('«С.-Петербург»')).toBe('с петербург');
    expect(normalizeText("St. John's")).toBe('st john s');
  });

  it('repairs Latin look-alikes inside Cyrillic words', () => {
    expect(normalizeText('Мocквa')).toBe('москва');
  });

  it('gives one key to Cyrillic, transliterated and abbreviated spellings', () => {
    expect(matchKey(normalizeText('Москва'))).toBe(matchKey(normalizeText('Moskva')));
    expect(matchKey(normalizeText('Нижний Новгород'))).toBe(matchKey(normalizeText('Nizhniy Novgorod')));
    expect(matchKey(normalizeText('Нижний Новгород'))).toBe(matchKey(normalizeText('Nizhny Novgorod')));
    expect(matchKey(normalizeText('Екатеринбург'))).toBe(matchKey(normalizeText('Yekaterinburg')));
    expect(matchKey(normalizeText('St. Louis'))).toBe(matchKey(normalizeText('Saint Louis')));
    expect(matchKey(normalizeText('Ft. Worth'))).toBe(matchKey(normalizeText('Fort Worth')));
  });
});

describe('parseInput', () => {
  it('strips settlement prefixes and the country', () => {
    expect(parseInput('г. Москва', ru)).toMatchObject({ name: 'москва', regionCode: null });
    expect(parseInput('город Казань, Россия', ru)).toMatchObject({ name: 'казань', regionCode: null });
    expect(parseInput('пос. Ува', ru).name).toBe('ува');
    expect(parseInput('City of Austin, USA', us)).toMatchObject({ name: 'austin', regionCode: null });
    expect(parseInput('Москва, РФ', ru).name).toBe('москва');
  });

  it('parses region hints after a comma', () => {
    expect(parseInput('Springfield, IL', us)).toMatchObject({ name: 'springfield', regionCode: 'US-IL' });
    expect(parseInput('Springfield, Illinois', us)).toMatchObject({ name: 'springfield', regionCode: 'US-IL' });
    expect(parseInput('Волжский, Волгоградская обл.', ru)).toMatchObject({ name: 'волжский', regionCode: 'RU-VGG' });
    expect(parseInput('Волжский, Самарская область', ru).regionCode).toBe('RU-SAM');
    expect(parseInput('Казань, Респ. Татарстан', ru).regionCode).toBe('RU-TA');
    expect(parseInput('Казань, Республика Татарстан', ru).regionCode).toBe('RU-TA');
    expect(parseInput('Железногорск, Курская', ru).regionCode).toBe('RU-KRS');
    expect(parseInput('Пермь, Пермский край', ru).regionCode).toBe('RU-PER');
    expect(parseInput('Сургут, ХМАО', ru).name).toBe('сургут');
  });

  it('parses a hint without a comma only when it is clearly a region', () => {
    expect(parseInput('Springfield IL', us)).toMatchObject({ name: 'springfield', regionCode: 'US-IL' });
    expect(parseInput('Paris TX', us)).toMatchObject({ name: 'paris', regionCode: 'US-TX' });
    expect(parseInput('Волжский Волгоградская обл', ru)).toMatchObject({ name: 'волжский', regionCode: 'RU-VGG' });
    expect(parseInput('Петровск-Забайкальский', ru).regionCode).toBeNull();
    expect(parseInput('City of Fontana', us)).toMatchObject({ name: 'fontana', regionCode: null });
  });

  it('takes the city from the second part when the first is a region', () => {
    expect(parseInput('Волгоградская обл., Волжский', ru)).toMatchObject({ name: 'волжский', regionCode: 'RU-VGG' });
  });
});
