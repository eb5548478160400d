import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const REAL_SPEC = 'spec/appstream-center.yaml';

export function realSpecText(): string {
  return readFileSync(join(REPO_ROOT, REAL_SPEC), 'utf8');
}

/** The minimal fixture as an object, to derive one small spec per feature. */
export function minimalSpec(): Record<string, any> {
  return parse(readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8'));
}

/** The minimal fixture with `edit` applied, as YAML text. */
export function minimalSpecWith(edit: (spec: Record<string, any>) => void): string {
  const spec = minimalSpec();
  edit(spec);
  return stringify(spec);
}

/** Shortcut to the schemas of a spec object. */
export function schemasOf(spec: Record<string, any>): Record<string, any> {
  return spec.components.schemas;
}
