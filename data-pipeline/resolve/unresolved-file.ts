/** unresolved-cities.csv in the work folder: the spellings the resolver could not place, most frequent first. */
import { CsvFile } from '../csv-file.ts';
import type { SpellingCache } from './distance.ts';

/** Written complete but not yet in place: the build commits it together with the publish (see CsvFile). */
export function writeUnresolvedCities(path: string, spellings: SpellingCache): CsvFile {
  const file = new CsvFile(path, ['spelling', 'count', 'status', 'candidates']);
  try {
    for (const p of spellings.problems()) file.row([p.spelling, p.count, p.status, p.candidates]);
    file.close();
  } catch (e) {
    file.discard();
    throw e;
  }
  return file;
}
