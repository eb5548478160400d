// The generator as users run it: the compiled CLI in a child process, on a temporary repository.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './spec-fixtures.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'generate.mjs');
const COPIED = ['codegen.config.json', 'spec/appstream-center.yaml', 'packages/types/package.json', '.changeset/config.json'];
let repo: string;

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'codegen-cli-'));
  for (const path of COPIED) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    cpSync(join(REPO_ROOT, path), join(repo, path));
  }
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

function generate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, '--root', repo, ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Every file below the repo with its bytes and mtime, to prove a failed run touched nothing. */
function treeState(): Record<string, string> {
  const state: Record<string, string> = {};
  for (const name of readdirSync(repo, { recursive: true }) as string[]) {
    const path = join(repo, name);
    if (statSync(path).isFile()) state[name] = `${statSync(path).mtimeMs}:${readFileSync(path, 'utf8')}`;
  }
  return state;
}

const SPEC = () => join(repo, 'spec/appstream-center.yaml');
const MODELS = 'packages/types/src/generated/models.ts';

describe('pnpm generate', () => {
  it('writes the packages, then a second run changes nothing', () => {
    const first = generate();
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/codegen: \d+ written, \d+ unchanged, 0 deleted \(\d+ ms\)/);
    const before = treeState();
    const second = generate();
    expect(second.out).toMatch(/codegen: 0 written, \d+ unchanged, 0 deleted/);
    expect(treeState()).toEqual(before);
  });

  it('deletes files the spec no longer produces', () => {
    generate();
    writeFileSync(join(repo, 'packages/types/src/generated/old.ts'), '// left over\n');
    const result = generate();
    expect(result.out).toMatch(/1 deleted/);
    expect(() => statSync(join(repo, 'packages/types/src/generated/old.ts'))).toThrow();
  });

  it('deletes only inside generated folders, whatever an old manifest lists', () => {
    generate();
    const manifestPath = join(repo, 'codegen.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(join(repo, 'hand-written.ts'), '// mine\n');
    manifest.generated.push('hand-written.ts', '../outside.ts');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    generate();
    expect(readFileSync(join(repo, 'hand-written.ts'), 'utf8')).toBe('// mine\n');
  });
});

describe('pnpm generate --check', () => {
  it('passes on a clean tree and writes nothing', () => {
    generate();
    const before = treeState();
    const result = generate('--check');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/files match the spec/);
    expect(treeState()).toEqual(before);
  });

  it('lists stale, missing and orphaned files and exits 1', () => {
    generate();
    writeFileSync(join(repo, MODELS), '// edited by hand\n');
    rmSync(join(repo, 'packages/types/src/generated/schemas.ts'));
    writeFileSync(join(repo, 'packages/types/src/generated/orphan.ts'), '\n');
    const before = treeState();
    const result = generate('--check');
    expect(result.code).toBe(1);
    expect(result.err).toContain(`stale    ${MODELS}`);
    expect(result.err).toContain('missing  packages/types/src/generated/schemas.ts');
    expect(result.err).toContain('orphaned packages/types/src/generated/orphan.ts');
    expect(treeState()).toEqual(before);
  });

  it('reports a package.json whose scope-owned fields drifted', () => {
    generate();
    const manifestPath = join(repo, 'packages/types/package.json');
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('"@appstream-center/types"', '"@other/types"'));
    const result = generate('--check');
    expect(result.code).toBe(1);
    expect(result.err).toContain('stale    packages/types/package.json');
  });
});

describe('a broken spec', () => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ['invalid YAML', (t) => `${t}\n  bad: [unclosed\n`, /spec\/appstream-center\.yaml:\d+ at #: invalid YAML/],
    ['a bad $ref', (t) => t.replace("$ref: '#/components/schemas/PolicyResource'", "$ref: '#/components/schemas/Missing'"), /spec\/appstream-center\.yaml:\d+ at #\/components\/schemas\/PolicyDocument\/properties\/Resource\/\$ref: \$ref #\/components\/schemas\/Missing does not resolve/],
    ['a missing operationId', (t) => t.replace(/^ *operationId: GetAuthCode\n/m, ''), /spec\/appstream-center\.yaml:\d+ at #\/paths\/~1\/post: missing operationId/],
    ['an unknown type', (t) => t.replace('type: boolean', 'type: flag'), /spec\/appstream-center\.yaml:\d+ at #\/components\/schemas\/GetAuthCodeRequest\/properties\/AutoCreateUser\/type: unknown type "flag"/],
  ];

  it.each(cases)('%s: exits 2, names the place, and writes nothing', (_name, breakSpec, message) => {
    generate();
    writeFileSync(join(repo, MODELS), '// a stale file stays as it is\n');
    writeFileSync(SPEC(), breakSpec(readFileSync(SPEC(), 'utf8')));
    const before = treeState();
    for (const args of [[], ['--check']]) {
      const result = generate(...args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err).toContain('nothing was written');
      expect(result.err).not.toMatch(/\n\s+at /);
    }
    expect(treeState()).toEqual(before);
  });

  it('a broken config: exits 2 and names the field', () => {
    writeFileSync(join(repo, 'codegen.config.json'), '{"scope": "no-at-sign", "spec": "spec/appstream-center.yaml"}');
    const result = generate();
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/codegen\.config\.json: "scope" must be an npm scope/);
  });
});
