import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig, type CodegenConfig } from './config.js';
import type { GeneratedFile } from './emit/generated-file.js';
import { CHANGESET_CONFIG, emitChangesetConfig } from './emit/manifests/changesets.js';
import { emitPackageManifests, publishedPackageNames, type WorkspacePackage } from './emit/manifests/package-json.js';
import { emitClientPackage } from './emit/client/index.js';
import { emitTypesPackage } from './emit/types/index.js';
import { buildIR } from './ir/build-ir.js';
import type { ApiIR } from './ir/types.js';
import { loadSpec } from './load/read-spec.js';

export const MANIFEST_FILE = 'codegen.manifest.json';
const PACKAGES_FOLDER = 'packages';
/** In every package, the folder that holds only generated files: anything else there is an orphan. */
const GENERATED_SUBFOLDER = 'src/generated';

/** Everything one run would write, computed in memory before anything touches the disk. */
export interface GenerationPlan {
  readonly config: CodegenConfig;
  readonly ir: ApiIR;
  /** Files the generator owns whole (the manifest lists them). */
  readonly files: readonly GeneratedFile[];
  /** The files before this run, from the previous manifest. */
  readonly previous: readonly string[];
  readonly generatedFolders: readonly string[];
}

export function planGeneration(root: string): GenerationPlan {
  const config = readConfig(root);
  const ir = buildIR(loadSpec(join(root, config.spec), config.spec), config.spec);
  const workspace = workspacePackages(root);
  const owned = [...emitTypesPackage(ir), ...emitClientPackage(ir, `${config.scope}/types`)];
  const managed = [
    ...emitPackageManifests(config.scope, workspace),
    emitChangesetConfig(readFileSync(join(root, CHANGESET_CONFIG), 'utf8'), publishedPackageNames(config.scope, workspace)),
  ];
  const manifest: GeneratedFile = {
    path: MANIFEST_FILE,
    content: `${JSON.stringify({ source: config.spec, generated: owned.map((f) => f.path).sort(), managedFields: managed.map((f) => f.path).sort() }, null, 2)}\n`,
  };
  return {
    config,
    ir,
    files: [...owned, ...managed, manifest],
    previous: previousFiles(root),
    generatedFolders: workspace.map((pkg) => `${pkg.dir}/${GENERATED_SUBFOLDER}`),
  };
}

function workspacePackages(root: string): WorkspacePackage[] {
  const parent = PACKAGES_FOLDER;
  return readdirSync(join(root, parent))
    .sort()
    .filter((name) => existsSync(join(root, parent, name, 'package.json')))
    .map((name) => ({ dir: `${parent}/${name}`, manifestText: readFileSync(join(root, parent, name, 'package.json'), 'utf8') }));
}

function previousFiles(root: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as { generated?: unknown };
    return Array.isArray(manifest.generated) ? manifest.generated.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}
