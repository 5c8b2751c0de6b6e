import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = {
  $shared: fileURLToPath(new URL('./shared', import.meta.url)),
  $lib: fileURLToPath(new URL('./src/lib', import.meta.url))
};

/**
 * Three projects, so that a small change is tested in seconds: `npx vitest run --project unit` runs the pure tests in
 * parallel with no setup; integration starts real servers (PostgreSQL, SMTP, HTTP) and runs the pipeline with DuckDB;
 * browser builds the site once and drives Chromium. `npm test` runs all three.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, pool: 'threads', maxWorkers: 2, isolate: false, sequence: { groupOrder: 0 } }
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // Generous: on a shared 2-core machine a demo build takes several times its quiet-machine time.
          testTimeout: 180_000,
          hookTimeout: 240_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 }
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 240_000,
          // One built site and one Chromium at a time: the global setup builds it once for every browser test.
          globalSetup: ['tests/browser/global-setup.ts'],
          pool: 'forks',
          fileParallelism: false,
          sequence: { groupOrder: 2 }
        }
      }
    ]
  }
});
