import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '../emit/generated-file.js';
import type { PlanDiff } from './disk-state.js';

export interface ApplyResult {
  readonly written: number;
  readonly unchanged: number;
  readonly deleted: number;
}

/** Writes what differs and deletes orphans. Runs only after the whole plan was built. */
export function applyPlan(root: string, planned: readonly GeneratedFile[], diff: PlanDiff): ApplyResult {
  const contentByPath = new Map(planned.map((file) => [file.path, file.content]));
  let written = 0;
  for (const { path, status } of diff.files) {
    if (status === 'unchanged') continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contentByPath.get(path) as string);
    written++;
  }
  for (const path of diff.orphans) {
    rmSync(join(root, path));
    removeEmptyParents(root, dirname(path));
  }
  return { written, unchanged: diff.files.length - written, deleted: diff.orphans.length };
}

function removeEmptyParents(root: string, folder: string): void {
  for (let current = folder; current !== '.' && current !== ''; current = dirname(current)) {
    if (readdirSync(join(root, current)).length > 0) return;
    rmdirSync(join(root, current));
  }
}
