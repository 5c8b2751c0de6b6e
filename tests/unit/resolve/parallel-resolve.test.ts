import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { createCachedCityResolver } from '../../../data-pipeline/resolve/resolver-image.ts';
import { resolveInParallel } from '../../../data-pipeline/resolve/parallel-resolve.ts';
import { withResolutionCache } from '../../../data-pipeline/resolve/resolution-cache.ts';

describe('city spellings resolved on two threads', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'tb-parallel-resolve-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const pack = loadPack('ru');
  // Matched, ambiguous, unresolved and foreign spellings, with and without a region, many times over.
  const base = ['Москва', 'Санкт-Петербург, Санкт-Петербург', 'Новосибирск', 'Киров', 'Октябрьский', 'мск', 'Питер', 'Екатеринбург, Свердловская обл.', 'Минск', 'йцукен', 'Ростов', 'Улан-Удэ, Бурятия'];
  const inputs = Array.from({ length: 6000 }, (_, i) => (i < base.length ? base[i] : `${base[i % base.length]}${' '.repeat(1 + (i % 3))}${i}`));

  it('answers every spelling as the build thread alone does, the worker taking chunks too', async () => {
    const alone = createCachedCityResolver(pack, workDir);
    const expected = inputs.map((input) => alone.resolve(input));
    // The build thread's answers are marked, and it is held back a little, so that the worker is ready in time to take chunks.
    const marked = {
      resolve(input: string) {
        const until = performance.now() + 0.5;
        while (performance.now() < until);
        return { ...alone.resolve(input), byBuildThread: true };
      }
    };
    const answers = await resolveInParallel(inputs, marked, { pack: 'ru', workDir }, 0);
    const got = inputs.map((input) => answers.get(input)!);
    const byWorker = got.filter((a) => !('byBuildThread' in a)).length;
    expect(byWorker).toBeGreaterThan(0);
    expect(byWorker).toBeLessThan(inputs.length);
    const unmarked = got.map((a) => {
      const answer: Partial<typeof a & { byBuildThread: boolean }> = { ...a };
      delete answer.byBuildThread;
      return answer;
    });
    expect(unmarked).toEqual(expected);
  }, 60_000);

  it('hands the answers to the cache, which counts them as this build\'s and saves them', async () => {
    const cache = withResolutionCache(() => createCachedCityResolver(pack, workDir), pack, workDir, { pack: 'ru', workDir });
    await cache.resolveAhead!(inputs.slice(0, 50));
    const first = cache.resolve(inputs[0]);
    expect(first).toEqual(createCachedCityResolver(pack, workDir).resolve(inputs[0]));
    expect(cache.misses).toBe(1);
    expect(cache.hits).toBe(0);
  });
});
