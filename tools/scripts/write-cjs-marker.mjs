// tsc cannot emit a nested package.json; without it Node would read dist/cjs/*.js as ESM,
// because the package itself is "type": "module".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(process.cwd(), process.argv[2] ?? 'dist/cjs');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'package.json'), '{\n  "type": "commonjs"\n}\n');
