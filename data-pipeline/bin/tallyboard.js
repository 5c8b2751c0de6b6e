#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx's loader, so no separate compile step is needed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const tsx = require.resolve('tsx');
const { status } = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
