// Bundles a one-call program the way an edge deployment would: esbuild, platform browser,
// resolving the built package (so its `imports` conditions pick the WebCrypto hash provider).
import { build, type Format } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'esm', 'index.js');
/** Scratch files live outside the package, so they never count as test inputs. */
export const WORK_DIR = mkdtempSync(join(tmpdir(), 'client-runtimes-'));

/** A program that makes one call and exposes the promise of its result as `globalThis.oneCall`. */
export function oneCallProgram(endpoint: string, credentials: { accessKeyId: string; accessKeySecret: string }): string {
  return `import { createClient } from ${JSON.stringify(ENTRY)};
const client = createClient({ credentials: ${JSON.stringify(credentials)}, endpoint: ${JSON.stringify(endpoint)} });
globalThis.oneCall = client.getAuthCode({ ExternalUserId: 'alice' }).then((response) => response.AuthModel.EndUserId);
`;
}

export async function bundleOneCall(program: string, options: { format: Format; minify: boolean }): Promise<string> {
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
