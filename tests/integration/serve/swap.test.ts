/**
 * The server while the pipeline publishes under it (issue 12): every file fetched over and over while another
 * process swaps the data folder; each body must be as long as its Content-Length and be one of the published
 * versions of that file, with no 5xx and no fault in the server.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATASET_FILES } from '../../../data-pipeline/export/write-dataset.ts';
import { startStaticServer, type StaticServer } from '../../../data-pipeline/serve/static-server.ts';
import { writeSyntheticDataset } from '../../support/synthetic-dataset.ts';
import { get } from './http-get.ts';
import { makeSite } from './site-fixture.ts';

const SECONDS = 3;
const PATHS = ['manifest.json', ...Object.values(DATASET_FILES)];

let root: string;
let data: string;
let server: StaticServer;
const faults: unknown[] = [];

beforeAll(async () => {
  const fixture = makeSite();
  root = fixture.root;
  data = join(root, 'published');
  writeSyntheticDataset(data, { seed: 1, days: 10 });
  server = await startStaticServer({ site: fixture.site, data, port: 0, onError: (e) => faults.push(e) });
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('serves whole, consistent files while the data folder is swapped repeatedly', async () => {
  const publisher = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'publish-loop.ts'), data, String(SECONDS)], {
    stdio: ['ignore', 'pipe', 'inherit']
  });
  let publishes = '';
  publisher.stdout.on('data', (c: Buffer) => (publishes += c.toString()));
  const done = new Promise<number | null>((resolve) => publisher.on('exit', resolve));
  let running = true;
  void done.then(() => (running = false));

  const statuses = new Map<number, number>();
  const bodies = new Map<string, Set<string>>(PATHS.map((p) => [p, new Set()]));
  const published = new Map<string, Set<string>>(PATHS.map((p) => [p, new Set()]));
  const mismatches: string[] = [];
  const client = async () => {
    // Bounded even if the publisher hangs: at most SECONDS + 20 s.
    const deadline = Date.now() + (SECONDS + 20) * 1000;
    while (running && Date.now() < deadline) {
      for (const path of PATHS) {
        const reply = await get(server.url, `/data/${path}`);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status !== 200) continue;
        if (Number(reply.headers['content-length']) !== reply.body.length) mismatches.push(`${path}: ${reply.headers['content-length']} announced, ${reply.body.length} sent`);
        if (path === 'manifest.json') {
          const manifest = JSON.parse(reply.body.toString('utf8')) as { files: Record<string, { path: string; sha256: string }> };
          for (const f of Object.values(manifest.files)) published.get(f.path)?.add(f.sha256);
        } else {
          bodies.get(path)?.add(createHash('sha256').update(reply.body).digest('hex'));
        }
      }
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  expect(await done).toBe(0);

  expect(Number(publishes)).toBeGreaterThan(20);
  expect(mismatches).toEqual([]);
  expect(faults).toEqual([]);
  expect([...statuses.keys()].filter((s) => s !== 200 && s !== 404)).toEqual([]);
  expect(statuses.get(200)).toBeGreaterThan(50);
  for (const path of PATHS.slice(1)) {
    // Every body served is one the pipeline published under that name.
    const unknown = [...(bodies.get(path) ?? [])].filter((h) => !published.get(path)?.has(h));
    expect(unknown, path).toEqual([]);
  }
  // The two versions differ in size, and both were served: the swaps happened while the clients read.
  expect(bodies.get(DATASET_FILES.registrations)?.size).toBe(2);
  console.log(`publishes ${publishes.trim()}, responses ${JSON.stringify(Object.fromEntries(statuses))}`);
});
