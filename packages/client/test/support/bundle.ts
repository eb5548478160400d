// Bundles a one-call program the way an edge deployment would: esbuild, platform browser,
// resolving the built package (so its `imports` conditions pick the WebCrypto hash provider).
import { build, type Format } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..');
const WORK_DIR = join(PACKAGE_DIR, 'test', '.tmp');

/** A program that makes one call and exposes the promise of its result as `globalThis.oneCall`. */
export function oneCallProgram(endpoint: string, credentials: { accessKeyId: string; accessKeySecret: string }): string {
  return `import { createClient } from '../../dist/esm/index.js';
const client = createClient({ credentials: ${JSON.stringify(credentials)}, endpoint: ${JSON.stringify(endpoint)} });
globalThis.oneCall = client.getAuthCode({ ExternalUserId: 'alice' }).then((response) => response.AuthModel.EndUserId);
`;
}

export async function bundleOneCall(program: string, options: { format: Format; minify: boolean }): Promise<string> {
  mkdirSync(WORK_DIR, { recursive: true });
  const entry = join(WORK_DIR, `one-call-${options.format}-${options.minify ? 'min' : 'dev'}.mjs`);
  writeFileSync(entry, program);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: options.format,
    minify: options.minify,
    write: false,
    logLevel: 'silent',
    target: 'es2022',
  });
  return result.outputFiles[0]!.text;
}
