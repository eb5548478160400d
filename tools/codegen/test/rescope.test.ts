// The scope is one config value: a copy of the repository regenerated under @acme installs, builds
// and passes the packages' own tests, and no code or manifest keeps the old scope.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './spec-fixtures.js';

let copy: string;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** The tracked files (and new, not ignored ones), without node_modules, dist or git history. */
function copyRepository(): string {
  const target = mkdtempSync(join(tmpdir(), 'rescope-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0');
  // A tracked file deleted in the working tree is listed too; copy the tree as it is.
  for (const file of files.filter((name) => name !== '' && existsSync(join(REPO_ROOT, name)))) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(target, file));
  }
  return target;
}

beforeAll(() => {
  copy = copyRepository();
  const configPath = join(copy, 'codegen.config.json');
  writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('"@appstream-center"', '"@acme"'));
}, 60_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('regenerating under another scope', () => {
  it('installs offline from the same lockfile, regenerates, and relinks the renamed packages', () => {
    const install = run('pnpm', ['install', '--frozen-lockfile', '--offline']);
    expect(install.code, install.output).toBe(0);
    const generate = run(process.execPath, ['tools/codegen/bin/generate.mjs']);
    expect(generate.code, generate.output).toBe(0);
    expect(run(process.execPath, ['tools/codegen/bin/generate.mjs', '--check']).code).toBe(0);
    // The lockfile names workspace packages too: pnpm, not the generator, rewrites it.
    const relink = run('pnpm', ['install', '--offline', '--no-frozen-lockfile']);
    expect(relink.code, relink.output).toBe(0);
  }, 120_000);

  it('renames every published package and the changesets group', () => {
    for (const name of ['types', 'client']) {
      expect(JSON.parse(readFileSync(join(copy, `packages/${name}/package.json`), 'utf8')).name).toBe(`@acme/${name}`);
    }
    expect(JSON.parse(readFileSync(join(copy, '.changeset/config.json'), 'utf8')).fixed).toEqual([['@acme/client', '@acme/types']]);
  });

  it('leaves the old scope in no code, manifest, lockfile or config (only prose may mention it)', () => {
    const grep = spawnSync('git', ['grep', '--no-index', '-l', '@appstream-center', '--', '.', ':!*.md', ':!node_modules', ':!**/dist/**', ':!tools/codegen/test'], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(grep.stdout.trim()).toBe('');
  });

  it('builds, type-checks and tests the rescoped packages', () => {
    for (const task of ['build', 'typecheck', 'test']) {
      const result = run('pnpm', ['--filter', '@acme/*', '--workspace-concurrency=1', 'run', task]);
      expect(result.code, result.output).toBe(0);
      if (task === 'test') expect(result.output.match(/Tests\s+\d+ passed/g)).toHaveLength(2);
    }
    expect(readFileSync(join(copy, 'packages/client/dist/esm/generated/operations.js'), 'utf8')).toContain('from "@acme/types"');
  }, 240_000);
});
