import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONFIG_FILE = 'codegen.config.json';

/** The generator's settings, from codegen.config.json at the repo root. */
export interface CodegenConfig {
  /** The npm scope of every published package, e.g. `@my-org`. */
  readonly scope: string;
  /** The spec, repo-relative. */
  readonly spec: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(root: string): CodegenConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(root, CONFIG_FILE), 'utf8'));
  } catch (error) {
    throw new ConfigError(`${CONFIG_FILE}: cannot read it as JSON (${(error as Error).message})`);
  }
  const { scope, spec } = (raw ?? {}) as Record<string, unknown>;
  if (typeof scope !== 'string' || !/^@[a-z0-9][a-z0-9._-]*$/.test(scope)) {
    throw new ConfigError(`${CONFIG_FILE}: "scope" must be an npm scope such as "@my-org", got ${JSON.stringify(scope)}`);
  }
  if (typeof spec !== 'string' || spec === '') throw new ConfigError(`${CONFIG_FILE}: "spec" must name the spec file`);
  return { scope, spec };
}
