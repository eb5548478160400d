// Turns tsc's CommonJS output (dist/cjs/**/*.js and *.d.ts) into .cjs and .d.cts files, with the
// relative specifiers inside rewritten to match. Node then reads them as CommonJS under the
// package's "type": "module" without a nested package.json, and `#` imports resolve through the
// package's own `imports` map (Node ignores an `imports` field in a nested package.json).
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(process.cwd(), process.argv[2] ?? 'dist/cjs');
rmSync(join(folder, 'package.json'), { force: true });
const relativeJs = /((?:require\(|from |import\()\s*["'])(\.{1,2}\/[^"']*?)\.js(["'])/g;

for (const name of readdirSync(folder, { recursive: true })) {
  const path = join(folder, name);
  const target = path.endsWith('.d.ts') ? `${path.slice(0, -5)}.d.cts` : path.endsWith('.js') ? `${path.slice(0, -3)}.cjs` : undefined;
  if (target === undefined) continue;
  writeFileSync(path, readFileSync(path, 'utf8').replace(relativeJs, '$1$2.cjs$3'));
  renameSync(path, target);
}
