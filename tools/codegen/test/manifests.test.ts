// Given/want tests of the scope-owned manifest fields.
import { describe, expect, it } from 'vitest';
import { emitChangesetConfig } from '../src/emit/manifests/changesets.js';
import { emitPackageManifests, publishedPackageNames } from '../src/emit/manifests/package-json.js';

const manifest = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
const workspace = [
  { dir: 'packages/client', manifestText: manifest({ name: '@old/client', version: '1.2.3', dependencies: { '@old/types': 'workspace:^', zod: '^4.6.7' } }) },
  { dir: 'packages/contract-tests', manifestText: manifest({ name: 'contract-tests', private: true, devDependencies: { '@old/client': 'workspace:*', '@other/types': '^1.0.0' } }) },
  { dir: 'packages/types', manifestText: manifest({ name: '@old/types', version: '1.2.3', dependencies: { zod: '^4.6.7' } }) },
];

describe('package.json scope-owned fields', () => {
  const byDir = Object.fromEntries(emitPackageManifests('@acme', workspace).map((f) => [f.path, JSON.parse(f.content)]));

  it('names each published package <scope>/<folder> and keeps every other field in place', () => {
    expect(byDir['packages/client/package.json']).toEqual({ name: '@acme/client', version: '1.2.3', dependencies: { '@acme/types': 'workspace:^', zod: '^4.6.7' } });
    expect(Object.keys(byDir['packages/client/package.json'])).toEqual(['name', 'version', 'dependencies']);
  });

  it('keeps private packages named as they are, and renames only workspace dependencies on ours', () => {
    expect(byDir['packages/contract-tests/package.json']).toEqual({
      name: 'contract-tests',
      private: true,
      devDependencies: { '@acme/client': 'workspace:*', '@other/types': '^1.0.0' },
    });
  });

  it('writes two-space JSON with a final newline', () => {
    const [file] = emitPackageManifests('@acme', [workspace[2]!]);
    expect(file!.content).toBe(manifest({ name: '@acme/types', version: '1.2.3', dependencies: { zod: '^4.6.7' } }));
  });

  it('lists the published names, sorted', () => {
    expect(publishedPackageNames('@acme', workspace)).toEqual(['@acme/client', '@acme/types']);
  });
});

describe('changesets config', () => {
  it('puts the published packages in one fixed group and keeps the rest', () => {
    const file = emitChangesetConfig(manifest({ access: 'restricted', fixed: [['@old/x']], ignore: [] }), ['@acme/client', '@acme/types']);
    expect(file.path).toBe('.changeset/config.json');
    expect(JSON.parse(file.content)).toEqual({ access: 'restricted', fixed: [['@acme/client', '@acme/types']], ignore: [] });
  });
});
