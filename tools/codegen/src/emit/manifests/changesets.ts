import type { GeneratedFile } from '../generated-file.js';

export const CHANGESET_CONFIG = '.changeset/config.json';

/** The changesets config with its `fixed` group set to the published packages (one version for all). */
export function emitChangesetConfig(configText: string, publishedNames: readonly string[]): GeneratedFile {
  const config = JSON.parse(configText) as Record<string, unknown>;
  return { path: CHANGESET_CONFIG, content: `${JSON.stringify({ ...config, fixed: [publishedNames] }, null, 2)}\n` };
}
