import { describe, expect, it } from 'vitest';
import { distanceLabel, stageLabel, statusLabel } from '../../../shared/i18n/labels.ts';
import { formatInteger, formatLongDate, languageOf, LANGUAGES, regionName } from '../../../shared/i18n/language.ts';
import { m } from '../../../shared/i18n/paraglide/messages.js';
import { chooseLanguage } from '../../../src/lib/i18n/choose-language.ts';

const registrations = (count: number, locale: 'en' | 'ru') => m.registrations_count({ count, n: formatInteger(count, locale) }, { locale });

describe('plurals through Intl.PluralRules', () => {
  it('Russian has one, few and many forms', () => {
    expect(registrations(1, 'ru')).toBe('1 регистрация');
    expect(registrations(2, 'ru')).toBe('2 регистрации');
    expect(registrations(5, 'ru')).toBe('5 регистраций');
    expect(registrations(11, 'ru')).toBe('11 регистраций');
    expect(registrations(21, 'ru')).toBe('21 регистрация');
    expect(registrations(1234, 'ru')).toBe('1\u00a0234 регистрации');
  });
  it('English has one and other', () => {
    expect(registrations(1, 'en')).toBe('1 registration');
    expect(registrations(2, 'en')).toBe('2 registrations');
    expect(registrations(1234, 'en')).toBe('1,234 registrations');
  });
});

describe('languages', () => {
  it('are the inlang project’s locales', () => {
    expect([...LANGUAGES].sort()).toEqual(['en', 'ru']);
    expect(languageOf('ru')).toBe('ru');
    expect(languageOf('de')).toBeNull();
    expect(languageOf(null)).toBeNull();
  });

  it('labels, dates and region names switch with the language', () => {
    expect(stageLabel('registered', 'en')).toBe('Registered');
    expect(stageLabel('registered', 'ru')).toBe('Зарегистрировались');
    expect(statusLabel('at-risk', 'ru')).toBe('Под угрозой');
    expect(distanceLabel('near', 'ru')).toBe('Штаб рядом');
    expect(formatLongDate('2016-06-01', 'ru')).toBe('среда, 1 июня 2016 г.');
    expect(formatLongDate('2016-06-01', 'en')).toBe('Wednesday, June 1, 2016');
    const novosibirsk = { name: 'Novosibirsk Oblast', nameLocal: 'Новосибирская область' };
    expect(regionName(novosibirsk, 'ru', 'ru')).toBe('Новосибирская область');
    expect(regionName(novosibirsk, 'en', 'ru')).toBe('Novosibirsk Oblast');
    expect(regionName({ name: 'Ohio', nameLocal: 'Ohio' }, 'ru', 'us')).toBe('Ohio');
  });
});

describe('the dashboard’s language', () => {
  it('?lang= beats the remembered choice, which beats the campaign’s default', () => {
    expect(chooseLanguage({ query: '?lang=en', stored: 'ru', campaign: 'ru' })).toBe('en');
    expect(chooseLanguage({ query: '?region=RU-NVS', stored: 'en', campaign: 'ru' })).toBe('en');
    expect(chooseLanguage({ query: '', stored: null, campaign: 'ru' })).toBe('ru');
    expect(chooseLanguage({ query: '?lang=xx', stored: 'yy', campaign: undefined })).toBe('en');
  });
});
