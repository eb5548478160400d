#!/usr/bin/env node
// Runs the generator compiled to JavaScript (plain node starts far faster than tsx). It builds
// the generator first when dist/ is missing or older than any source file, so a fresh clone
// and an edited generator both work without a separate step.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(packageDir, 'dist', 'run.js');

function newestSourceTime() {
  const src = join(packageDir, 'src');
  let newest = statSync(join(packageDir, 'tsconfig.build.json')).mtimeMs;
  for (const name of readdirSync(src, { recursive: true })) {
    if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(src, name)).mtimeMs);
  }
  return newest;
}

function builtTime() {
  try {
    return statSync(entry).mtimeMs;
  } catch {
    return -1;
  }
}

if (builtTime() < newestSourceTime()) {
  const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Loading ts-morph (and the TypeScript compiler inside it) is most of a run's time; V8's code
// cache for those CommonJS files cuts it by about a third. Node 20 has no module.enableCompileCache.
createRequire(import.meta.url)('v8-compile-cache');
await import(entry);
