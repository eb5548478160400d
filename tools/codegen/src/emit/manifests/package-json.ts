import type { GeneratedFile } from '../generated-file.js';

/** A workspace package as found on disk: its folder and its package.json text. */
export interface WorkspacePackage {
  readonly dir: string;
  readonly manifestText: string;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * The scope-owned fields of every package.json: a published package is named `<scope>/<folder>`,
 * and each `workspace:` dependency on one is renamed the same way. Everything else is kept as it
 * is, in its order, so `changeset version` and hand edits of other fields survive regeneration.
 */
export function emitPackageManifests(scope: string, packages: readonly WorkspacePackage[]): GeneratedFile[] {
  const parsed = packages.map((pkg) => ({ ...pkg, manifest: JSON.parse(pkg.manifestText) as Record<string, unknown> }));
  const published = new Set(parsed.filter((pkg) => pkg.manifest.private !== true).map((pkg) => folderName(pkg.dir)));
  return parsed.map(({ dir, manifest }) => {
    const next: Record<string, unknown> = { ...manifest };
    if (published.has(folderName(dir))) next.name = `${scope}/${folderName(dir)}`;
    for (const field of DEPENDENCY_FIELDS) {
      const deps = manifest[field] as Record<string, string> | undefined;
      if (deps) next[field] = renameWorkspaceDeps(deps, scope, published);
    }
    return { path: `${dir}/package.json`, content: `${JSON.stringify(next, null, 2)}\n` };
  });
}

/** The names of the published packages under `scope`, sorted. */
export function publishedPackageNames(scope: string, packages: readonly WorkspacePackage[]): string[] {
  return packages
    .filter((pkg) => (JSON.parse(pkg.manifestText) as { private?: boolean }).private !== true)
    .map((pkg) => `${scope}/${folderName(pkg.dir)}`)
    .sort();
}

function renameWorkspaceDeps(deps: Record<string, string>, scope: string, published: Set<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deps).map(([name, range]) => {
      const short = name.split('/').pop() as string;
      const isOurs = range.startsWith('workspace:') && name.startsWith('@') && published.has(short);
      return [isOurs ? `${scope}/${short}` : name, range];
    }),
  );
}

function folderName(dir: string): string {
  return dir.split('/').pop() as string;
}
