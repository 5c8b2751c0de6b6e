#!/usr/bin/env node
// The package's bin: runs the CLI as `npm install` compiled it (compile-cli.ts) while no source has changed since,
// else registers tsx's loader in this process and runs the TypeScript. (The CLI used to run in a second Node
// process started with the loader: 0.14 s more per command.)
import { freshCompiledEntry } from './compiled-cli.js';

const compiled = freshCompiledEntry();
if (compiled) await import(compiled);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
