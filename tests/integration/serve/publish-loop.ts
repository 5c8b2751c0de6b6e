/**
 * A pipeline publishing over and over, as a separate process like the real one. Two data sets of different sizes
 * are written once with writeDataset; then, for SECONDS, one of them is copied to DIR.tmp and swapped in the way
 * writeDataset swaps (rename DIR aside, rename the new folder in, remove the old one): a real build takes seconds,
 * this makes dozens of swaps a second. Prints how many publishes it made.
 *   node --import tsx publish-loop.ts DIR SECONDS
 */
import { cpSync, renameSync, rmSync } from 'node:fs';
import { writeDataset } from '../../../data-pipeline/export/write-dataset.ts';
import { buildSyntheticParts } from '../../support/synthetic-dataset.ts';

const [dir, seconds] = process.argv.slice(2);
const versions = [1, 2].map((seed) => {
  const path = `${dir}.v${seed}`;
  writeDataset(path, buildSyntheticParts({ seed, days: 10 * seed }));
  return path;
});
const tmp = `${dir}.tmp-${process.pid}`;
const old = `${dir}.old-${process.pid}`;
const until = Date.now() + Number(seconds) * 1000;
let publishes = 0;
while (Date.now() < until) {
  cpSync(versions[publishes++ % 2], tmp, { recursive: true });
  renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true });
}
for (const path of versions) rmSync(path, { recursive: true });
process.stdout.write(`${publishes}\n`);
