import { describe, expect, it } from 'vitest';
import { buildSearchIndex, normalizeName, searchIndex } from '../../../src/lib/geo/search.ts';

const index = buildSearchIndex(
  ['Москва', 'Новосибирск', 'Новороссийск', 'Санкт-Петербург', 'Орёл', 'Комсомольск-на-Амуре'].map((city) => ({ item: city, names: [city, `Штаб ${city}`] }))
);

describe('list-mode search', () => {
  it('normalizes case, ё and punctuation', () => {
    expect(normalizeName('  Орёл-Город ')).toBe('орел город');
  });
  it('finds a city typed with a typo, in Cyrillic or Latin', () => {
    expect(searchIndex(index, 'Новосибрск')[0]).toBe('Новосибирск');
    expect(searchIndex(index, 'novosibirsk')[0]).toBe('Новосибирск');
    expect(searchIndex(index, 'Moskva')[0]).toBe('Москва');
    expect(searchIndex(index, 'орел')).toEqual(['Орёл']);
    expect(searchIndex(index, 'санкт петербург')[0]).toBe('Санкт-Петербург');
    expect(searchIndex(index, 'комсомольск')[0]).toBe('Комсомольск-на-Амуре');
    expect(searchIndex(index, 'ново').slice(0, 2).sort()).toEqual(['Новороссийск', 'Новосибирск']);
  });
  it('does not guess wildly', () => {
    expect(searchIndex(index, 'Лондон')).toEqual([]);
    expect(searchIndex(index, '')).toHaveLength(6);
  });
});

describe('list-mode search reads the query as the resolver does', () => {
  const ru = buildSearchIndex(['Москва', 'Санкт-Петербург'].map((city) => ({ item: city, names: [city] })), 'ru', { Питер: 1, 'Санкт Петербург': 1 });
  const us = buildSearchIndex(['New York City', 'Philadelphia'].map((city) => ({ item: city, names: [city] })), 'us', { NYC: 2, 'New York City': 2, Philly: 3, Philadelphia: 3 });
  it('finds aliases and wrong-layout typing', () => {
    expect(searchIndex(ru, 'Питер')[0]).toBe('Санкт-Петербург');
    expect(searchIndex(ru, 'Vjcrdf')[0]).toBe('Москва');
    expect(searchIndex(us, 'NYC')[0]).toBe('New York City');
    expect(searchIndex(us, 'Philly')[0]).toBe('Philadelphia');
  });
});
