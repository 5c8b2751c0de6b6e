import { describe, expect, it } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { createRegionColumn } from '../../../data-pipeline/resolve/region-column.ts';

describe('region column of an unresolved city', () => {
  for (const code of ['ru', 'us'] as const) {
    const { regions } = loadPack(code);
    const codes = [...regions.map((r) => r.code), 'UNKNOWN'];
    const column = createRegionColumn(regions, codes, codes.length - 1);
    const at = (text: string): string => codes[column.lookup(text)];
    it(`${code}: maps ISO codes and region names, refuses the rest`, () => {
      if (code === 'ru') {
        expect(at('RU-SAM')).toBe('RU-SAM');
        expect(at('Самарская обл.')).toBe('RU-SAM');
        expect(at('Республика Татарстан')).toBe('RU-TA');
        expect(at('Samara Oblast')).toBe('RU-SAM');
      } else {
        expect(at('US-VA')).toBe('US-VA');
        expect(at('VA')).toBe('US-VA');
        expect(at('WA')).toBe('US-WA');
        expect(at('Illinois')).toBe('US-IL');
      }
      expect(at('')).toBe('UNKNOWN');
      expect(at('не скажу')).toBe('UNKNOWN');
    });
  }
});
