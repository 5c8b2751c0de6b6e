import { describe, it, expect } from 'vitest';
import { cyrToLat, cyrillicLayoutToLatin, fixMixedScript, latToCyr, latinLayoutToCyrillic, skeleton } from '../../../shared/text/transliterate.ts';
import { transpositionDistance } from '../../../data-pipeline/resolve/name-index.ts';

describe('transliteration', () => {
  it('romanizes Russian the BGN way', () => {
    expect(cyrToLat('москва')).toBe('moskva');
    expect(cyrToLat('набережные челны')).toBe('naberezhnye chelny');
    expect(cyrToLat('щёлково')).toBe('shchelkovo');
  });

  it('cyrillizes Latin spellings', () => {
    expect(latToCyr('moskva')).toBe('москва');
    expect(latToCyr('pervomayskoye')).toBe('первомайское');
    expect(latToCyr('chistyye bory')).toBe('чистые боры');
  });

  it('folds spelling habits in the skeleton', () => {
    expect(skeleton('nizhniy novgorod')).toBe(skeleton('nizhny novgorod'));
    expect(skeleton('yekaterinburg')).toBe(skeleton('ekaterinburg'));
    expect(skeleton('tolyatti')).toBe(skeleton('tolyati'));
    expect(skeleton('khabarovsk')).toBe(skeleton('habarovsk'));
  });

  it('repairs mixed-script words both ways', () => {
    expect(fixMixedScript('Мocквa')).toBe('Москва'); // Latin o, c, a
    expect(fixMixedScript('Сhicago')).toBe('Chicago'); // Cyrillic С
    expect(fixMixedScript('Москва Moscow')).toBe('Москва Moscow');
  });

  it('re-reads the wrong keyboard layout', () => {
    expect(latinLayoutToCyrillic('vjcrdf')).toBe('москва');
    expect(latinLayoutToCyrillic('cfyrn-gtnth,ehu')).toBe('санкт-петербург');
    expect(latinLayoutToCyrillic('Москва')).toBeNull();
    expect(latinLayoutToCyrillic('123')).toBeNull();
    expect(cyrillicLayoutToLatin('сршсфпщ')).toBe('chicago');
  });

  it('counts swapped letters as one edit', () => {
    expect(transpositionDistance('moksva', 'moskva')).toBe(1);
    expect(transpositionDistance('abc', 'abc')).toBe(0);
    expect(transpositionDistance('kitten', 'sitting')).toBe(3);
  });
});
