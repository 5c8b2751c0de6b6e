import type { RawRecord, RegistrationSource } from '../../data-pipeline/sources/types.ts';

/** Drains a source into an array, so a test can assert on every record it yielded. */
export async function readRecords(src: Pick<RegistrationSource, 'records'>): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of src.records()) out.push(r);
  return out;
}

/** The error a promise rejects with; throws when it resolves, so a test cannot pass on a missing failure. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}
