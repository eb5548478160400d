import { watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_FILE, readConfig } from './config.js';

const DEBOUNCE_MS = 50;

/**
 * Regenerates on every save of the spec or the config. A broken save only prints its error:
 * generation plans everything in memory first, so the last good output stays on disk.
 */
export function watchAndGenerate(root: string, run: (root: string) => number): void {
  run(root);
  const specPath = join(root, readConfig(root).spec);
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(root), DEBOUNCE_MS);
  };
  // Editors often save by replacing the file, so watch the folders and filter by name.
  const folders = new Map([
    [dirname(specPath), specPath.slice(dirname(specPath).length + 1)],
    [root, CONFIG_FILE],
  ]);
  for (const [folder, name] of folders) {
    watch(folder, (_event, changed) => {
      if (changed === null || changed === name) schedule();
    });
  }
  console.log(`codegen: watching ${specPath} and ${CONFIG_FILE} (Ctrl+C to stop)`);
}
