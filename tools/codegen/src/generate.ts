import { applyPlan, type ApplyResult } from './write/apply.js';
import { diffPlan, type PlanDiff } from './write/disk-state.js';
import { planGeneration } from './plan.js';

export interface GenerateOutcome {
  readonly diff: PlanDiff;
  /** Set when files were written (not in check mode). */
  readonly applied?: ApplyResult;
}

/** Plans the whole output in memory, then (unless `check`) writes what differs and deletes orphans. */
export function generate(root: string, options: { check: boolean }): GenerateOutcome {
  const plan = planGeneration(root);
  const diff = diffPlan(root, plan.files, plan.previous, plan.generatedFolders);
  if (options.check) return { diff };
  return { diff, applied: applyPlan(root, plan.files, diff) };
}

/** True when the disk already holds exactly what the spec produces. */
export function isClean(diff: PlanDiff): boolean {
  return diff.orphans.length === 0 && diff.files.every((file) => file.status === 'unchanged');
}
