// `pnpm generate --watch`: regenerates on a save, and a broken save keeps the last good output.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { REPO_ROOT } from './spec-fixtures.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'generate.mjs');
const COPIED = ['codegen.config.json', 'spec/appstream-center.yaml', 'packages/types/package.json', '.changeset/config.json'];
let repo: string;
let watcher: ChildProcess | undefined;

afterEach(() => {
  watcher?.kill();
  rmSync(repo, { recursive: true, force: true });
});

/** Resolves when the watcher's output after the current point matches `pattern` (bounded by the test timeout). */
function outputMatching(pattern: RegExp, seen: { text: string }): Promise<void> {
  const from = seen.text.length;
  return new Promise((resolve) => {
    const check = () => {
      if (pattern.test(seen.text.slice(from))) {
        watcher!.stdout!.off('data', check);
        watcher!.stderr!.off('data', check);
        resolve();
      }
    };
    watcher!.stdout!.on('data', check);
    watcher!.stderr!.on('data', check);
    check();
  });
}

it('regenerates on save and keeps the last good output when a broken spec is saved', async () => {
  repo = mkdtempSync(join(tmpdir(), 'codegen-watch-'));
  for (const path of COPIED) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    cpSync(join(REPO_ROOT, path), join(repo, path));
  }
  const seen = { text: '' };
  watcher = spawn(process.execPath, [CLI, '--root', repo, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The collectors are attached first, so they run before any matcher sees a chunk.
  watcher.stdout!.on('data', (chunk) => (seen.text += chunk));
  watcher.stderr!.on('data', (chunk) => (seen.text += chunk));
  await outputMatching(/watching/, seen);

  const specPath = join(repo, 'spec/appstream-center.yaml');
  const modelsPath = join(repo, 'packages/types/src/generated/models.ts');
  const original = readFileSync(specPath, 'utf8');
  const renamed = outputMatching(/codegen: [1-9]\d* written/, seen);
  writeFileSync(specPath, original.replace('description: The request ID.', 'description: The request ID, renamed.'));
  await renamed;
  const good = readFileSync(modelsPath, 'utf8');
  expect(good).toContain('The request ID, renamed.');

  const broken = outputMatching(/unknown type "flag"/, seen);
  writeFileSync(specPath, original.replace('type: boolean', 'type: flag'));
  await broken;
  expect(readFileSync(modelsPath, 'utf8')).toBe(good);
  expect(watcher.exitCode).toBeNull();

  const restored = outputMatching(/codegen: [1-9]\d* written/, seen);
  writeFileSync(specPath, original);
  await restored;
  expect(readFileSync(modelsPath, 'utf8')).not.toContain('renamed');
}, 30_000);
