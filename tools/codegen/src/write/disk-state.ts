import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from '../emit/generated-file.js';

export type FileStatus = 'unchanged' | 'stale' | 'missing';

export interface PlanDiff {
  readonly files: readonly { readonly path: string; readonly status: FileStatus }[];
  /** Files the generator made before that the spec no longer produces. */
  readonly orphans: readonly string[];
}

/** Compares planned bytes with the disk. `generatedFolders` are swept for files not in the plan. */
export function diffPlan(root: string, planned: readonly GeneratedFile[], previous: readonly string[], generatedFolders: readonly string[]): PlanDiff {
  const files = planned.map((file) => ({ path: file.path, status: statusOf(join(root, file.path), file.content) }));
  const plannedPaths = new Set(planned.map((file) => file.path));
  // Only files inside a generated folder are ever deleted, whatever an old manifest lists.
  const inGeneratedFolder = (path: string) => !path.split('/').includes('..') && generatedFolders.some((folder) => path.startsWith(`${folder}/`));
  const candidates = new Set([...previous.filter(inGeneratedFolder), ...generatedFolders.flatMap((folder) => listFiles(root, folder))]);
  const orphans = [...candidates].filter((path) => !plannedPaths.has(path) && existsSync(join(root, path))).sort();
  return { files, orphans };
}

function statusOf(absolute: string, content: string): FileStatus {
  try {
    return readFileSync(absolute, 'utf8') === content ? 'unchanged' : 'stale';
  } catch {
    return 'missing';
  }
}

/** Every file below `folder` (repo-relative POSIX paths), or none when it does not exist. */
function listFiles(root: string, folder: string): string[] {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${join(entry.parentPath, entry.name).slice(root.length + 1).split('\\').join('/')}`);
}
