import { describe, it, expect } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { createCityResolver, repeatsShortRun, type CityResolution } from '../../../data-pipeline/resolve/city-resolver.ts';

const ru = createCityResolver(loadPack('ru'));
const us = createCityResolver(loadPack('us'));

function expectCity(r: CityResolution, geonameId: number): void {
  expect(r.status, `${r.input} → ${JSON.stringify(r.candidates.slice(0, 3))}`).toBe('matched');
  expect(r.geonameId, r.input).toBe(geonameId);
}

const MOSCOW = 524901;
const SPB = 498817;
const NIZHNY = 520555;
const CHELNY = 523750;
const KOMSOMOLSK = 2021851;

describe('city resolver, ru', () => {
  it('matches exact names with region, in Russian', () => {
    const r = ru.resolve('Москва');
    expect(r).toMatchObject({ status: 'matched', geonameId: MOSCOW, city: 'Москва', region: 'Москва', regionCode: 'RU-MOW', score: 1 });
  });

  it.each([
    ['СПб', SPB], ['Питер', SPB], ['С-Петербург', SPB], ['С.-Петербург', SPB], ['Ленинград', SPB], ['Санкт Петербург', SPB],
    ['Н.Новгород', NIZHNY], ['Нижний', NIZHNY], ['Наб. Челны', CHELNY], ['Челны', CHELNY], ['Комсомольск', KOMSOMOLSK],
    ['мск', MOSCOW], ['Екб', 1486209], ['Ебург', 1486209], ['Свердловск', 1486209], ['Нск', 1496747], ['Новосиб', 1496747],
    ['Ростов', 501175], ['Красноярск', 1502026]
  ])('alias %s', (input, id) => expectCity(ru.resolve(input), id));

  it('does not confuse the two Novgorods', () => {
    expectCity(ru.resolve('Нижний Новгород'), NIZHNY);
    expectCity(ru.resolve('Великий Новгород'), 519336);
  });

  it.each([
    ['Moskva', MOSCOW], ['Sankt-Peterburg', SPB], ['Ekaterinburg', 1486209], ['Nizhny Novgorod', NIZHNY],
    ['vjcrdf', MOSCOW], ['Мocквa', MOSCOW], ['г. Москва', MOSCOW], ['Москва, Россия', MOSCOW], ['Мосвка', MOSCOW],
    ['Моксва', MOSCOW], ['Комсомольк-на-Амуре', KOMSOMOLSK], ['комсомольск на амуре', KOMSOMOLSK], ['Санкт-Петербур', SPB]
  ])('spelling %s', (input, id) => expectCity(ru.resolve(input), id));

  it('uses region hints', () => {
    const volzhsky = ru.resolve('Волжский, Волгоградская обл.');
    expect(volzhsky).toMatchObject({ status: 'matched', city: 'Волжский', regionCode: 'RU-VGG' });
    expect(ru.resolve('Волжский, Самарская область')).toMatchObject({ status: 'matched', regionCode: 'RU-SAM' });
  });

  it.each(['Киев', 'Минск', 'Алматы', 'не скажу', '123', '<script>', "'; DROP TABLE", '', '   ', 'Нью-Йорк', 'Berlin'])(
    'leaves %j unresolved',
    (input) => {
      const r = ru.resolve(input);
      expect(r.status).toBe('unresolved');
      expect(r.geonameId).toBeNull();
      expect(r.score).toBe(0);
    }
  );
});

describe('city resolver, us', () => {
  it('calls Springfield alone ambiguous and lists the candidates', () => {
    const r = us.resolve('Springfield');
    expect(r.status).toBe('ambiguous');
    expect(r.geonameId).toBeNull();
    const states = r.candidates.map((c) => c.regionCode);
    expect(states).toEqual(expect.arrayContaining(['US-IL', 'US-MO', 'US-MA']));
  });

  it.each(['Springfield, IL', 'Springfield, Illinois', 'Springfield IL'])('resolves %s to Illinois', (input) => {
    expect(us.resolve(input)).toMatchObject({ status: 'matched', city: 'Springfield', region: 'Illinois', regionCode: 'US-IL' });
  });

  it.each([
    ['NYC', 5128581], ['New York City', 5128581], ['Philly', 4560349], ['St. Louis', 4407066], ['Saint Louis', 4407066],
    ['Ft. Worth', 4691930], ['Washington DC', 4140963], ['DC', 4140963], ['LA', 5368361], ['SF', 5391959], ['Vegas', 5506956],
    ['Chicgo', 4887398], ['Los Angles', 5368361], ['Houston, TX', 4699066], ['City of Austin', 4671654], ['Сhicago', 4887398]
  ])('%s', (input, id) => expectCity(us.resolve(input), id));

  it.each(['Toronto', 'London', 'Paris', 'Moscow', 'asdf', 'n/a', '12345'])('leaves %j unresolved', (input) => {
    expect(us.resolve(input).status).toBe('unresolved');
  });

  it('resolves a foreign namesake when the state is given', () => {
    expect(us.resolve('Paris, TX')).toMatchObject({ status: 'matched', regionCode: 'US-TX' });
  });
});

describe('issue 13 cases', () => {
  const ru = createCityResolver(loadPack('ru'));
  const us = createCityResolver(loadPack('us'));
  const city = (r: ReturnType<typeof createCityResolver>, text: string): string | null => (r.resolve(text).status === 'matched' ? r.resolve(text).city : null);
  it('a settlement prefix names its own place, never a city near it', () => {
    for (const text of ['с. Ивановка', 'село Ивановка', 'пос. Ивановка', 'дер. Ивановка', 'ст-ца Ивановка']) expect(ru.resolve(text).status).toBe('unresolved');
    expect(city(ru, 'г. Иваново')).toBe('Иваново');
  });
  it('a region that contradicts the city refuses; a consistent one matches', () => {
    expect(ru.resolve('Самара, Московская область').status).toBe('unresolved');
    expect(city(ru, 'Самара, Самарская обл.')).toBe('Самара');
    expect(city(ru, 'Москва, Московская область')).toBe('Москва');
  });
  it('state codes, and US cities sharing a name with a bigger foreign one', () => {
    expect(us.resolve('Arlington, VA').regionCode).toBe('US-VA');
    expect(us.resolve('St. Petersburg').regionCode).toBe('US-FL');
    expect(us.resolve('St Petersburg, FL').regionCode).toBe('US-FL');
  });
  it('Latin "city" suffixes and abbreviated adjectives', () => {
    expect(city(ru, 'Moscow city')).toBe('Москва');
    expect(city(ru, 'Novosibirsk City')).toBe('Новосибирск');
    expect(city(us, 'New York City')).toBe('New York City');
    expect(us.resolve('Kansas City').candidates.every((c) => c.city === 'Kansas City')).toBe(true);
    expect(city(ru, 'Ст. Оскол')).toBe('Старый Оскол');
    expect(city(ru, 'Н. Тагил')).toBe('Нижний Тагил');
    expect(city(ru, 'В. Новгород')).toBe('Великий Новгород');
    expect(city(ru, 'Б. Камень')).toBe('Большой Камень');
    expect(city(ru, 'Н.Новгород')).toBe('Нижний Новгород');
    expect(city(ru, 'Нижн. Новгород')).toBe('Нижний Новгород');
  });
  it('aliases and wrong keyboard layout', () => {
    expect(city(ru, 'Питер')).toBe('Санкт-Петербург');
    expect(city(ru, 'Vjcrdf')).toBe('Москва');
    expect(city(us, 'NYC')).toBe('New York City');
    expect(city(us, 'Philly')).toBe('Philadelphia');
  });
});

describe('repeatsShortRun', () => {
  it('tells keyboard mash from names', () => {
    expect(['yvayva', 'asdasd', 'aaaa', 'abab'].map(repeatsShortRun)).toEqual([true, true, true, true]);
    expect(['moskva', 'tula', 'abcab', 'aa'.slice(0, 1)].map(repeatsShortRun)).toEqual([false, false, false, false]);
  });
});
