/** unresolved-cities.csv in the work folder: the spellings the resolver could not place, most frequent first. */
import { CsvFile } from '../csv-file.ts';
import type { SpellingCache } from './distance.ts';

export function writeUnresolvedCities(path: string, spellings: SpellingCache): void {
  const file = new CsvFile(path, ['spelling', 'count', 'status', 'candidates']);
  try {
    for (const p of spellings.problems()) file.row([p.spelling, p.count, p.status, p.candidates]);
  } finally {
    file.close();
  }
}
