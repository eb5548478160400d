// The built package in the runtimes it claims: Node ESM and CJS, a browser-platform bundle in a
// bare V8 context and in @edge-runtime/vm, Bun and Deno. Every call goes to a local service
// that verifies its signature.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createContext, runInContext } from 'node:vm';
import { EdgeVM } from '@edge-runtime/vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleOneCall, oneCallProgram, WORK_DIR } from './support/bundle.js';
import { startMockService, TEST_CREDENTIALS, type MockService } from './support/mock-server.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const CREDENTIALS = { accessKeyId: TEST_CREDENTIALS.accessKeyId, accessKeySecret: TEST_CREDENTIALS.accessKeySecret };
/**
 * A regression guard for the one-call bundle (gzip level 9, response validation included): the
 * measured size (13,601 B) plus about 100 B. The 10 KB target is not met (see the README's Bundle
 * size); this keeps it from growing unnoticed while that stands. Raised from 13,600 B by the
 * Node speed work (per-client signing headers, the transport's own deadline path).
 */
const BUNDLE_BUDGET_BYTES = 13_700;

let service: MockService;
let iife: string;
beforeAll(async () => {
  service = await startMockService();
  iife = await bundleOneCall(oneCallProgram(service.endpoint, CREDENTIALS), { format: 'iife', minify: false });
});
afterAll(async () => {
  await service.close();
  rmSync(WORK_DIR, { recursive: true, force: true });
});

function spawnText(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('Node', () => {
  it('imports the ESM and CJS builds of both entries, with named exports only', async () => {
    const esm = await import('../dist/esm/index.js');
    const esmNode = await import('../dist/esm/node/index.js');
    const cjs = require('../dist/cjs/index.cjs');
    const cjsNode = require('../dist/cjs/node/index.cjs');
    for (const entry of [esm, esmNode, cjs, cjsNode]) {
      expect(typeof entry.createClient).toBe('function');
      expect(typeof entry.isAlibabaCloudError).toBe('function');
      expect('default' in entry).toBe(false);
    }
    expect(typeof esmNode.createNodeFetch).toBe('function');
    expect(typeof cjsNode.defaultCredentialsProvider).toBe('function');
  });

  it('recognises an error from the ESM copy with the CJS copy\'s type guard, and the reverse', async () => {
    const esm = await import('../dist/esm/index.js');
    const cjs = require('../dist/cjs/index.cjs');
    const fromEsm = new esm.AlibabaCloudError({ code: 'X', message: 'm', statusCode: 400, retryClass: 'never', retryable: false });
    const fromCjs = new cjs.RequestValidationError('GetAuthCode', []);
    expect(fromEsm instanceof cjs.AlibabaCloudError).toBe(false);
    expect(cjs.isAlibabaCloudError(fromEsm)).toBe(true);
    expect(esm.isRequestValidationError(fromCjs)).toBe(true);
    expect(esm.isAlibabaCloudError(fromCjs)).toBe(false);
  });

  it('calls the service from the ESM and the CJS build', async () => {
    service.script();
    for (const entry of [await import('../dist/esm/index.js'), require('../dist/cjs/index.cjs')]) {
      const client = entry.createClient({ credentials: CREDENTIALS, endpoint: service.endpoint });
      expect((await client.getAuthCode({ ExternalUserId: 'alice' })).AuthModel.EndUserId).toBe('alice');
    }
    expect(service.requests.map((r) => r.signatureValid)).toEqual([true, true]);
  });
});

describe('edge bundle (esbuild, platform browser)', () => {
  it('contains no Node built-in', () => {
    expect(iife).not.toMatch(/\bnode:[a-z]/);
    expect(iife).not.toMatch(/\brequire\(/);
    expect(iife).not.toMatch(/createHmac|createHash/);
    expect(iife).toContain('crypto.subtle');
  });

  it(`stays within ${BUNDLE_BUDGET_BYTES} bytes gzipped when minified, response validation included`, async () => {
    const minified = await bundleOneCall(oneCallProgram(service.endpoint, CREDENTIALS), { format: 'esm', minify: true });
    expect(minified).toContain('AuthCode');
    const gzipped = gzipSync(minified, { level: 9 }).length;
    console.log(`one-call bundle: ${minified.length} bytes, ${gzipped} bytes gzipped (budget ${BUNDLE_BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });

  it('makes a signed call in a V8 context whose only globals are the web basics', async () => {
    service.script();
    const context = createContext({
      fetch,
      crypto: globalThis.crypto,
      URL,
      TextEncoder,
      AbortController,
      setTimeout,
      clearTimeout,
      console,
    });
    runInContext(iife, context);
    expect(await context.oneCall).toBe('alice');
    expect(service.requests).toHaveLength(1);
    expect(service.requests[0]!.signatureValid).toBe(true);
  });

  it('makes a signed call under @edge-runtime/vm', async () => {
    service.script();
    const edge = new EdgeVM();
    edge.evaluate(iife);
    expect(await edge.evaluate('globalThis.oneCall')).toBe('alice');
    expect(service.requests).toHaveLength(1);
    expect(service.requests[0]!.signatureValid).toBe(true);
  });
});

describe('Bun and Deno (their npm packages)', () => {
  it('Bun runs the package as published (its Node-style resolution picks a hash provider by condition)', async () => {
    service.script();
    const script = join(WORK_DIR, 'bun-one-call.mjs');
    writeFileSync(script, `${oneCallProgram(service.endpoint, CREDENTIALS)}\nconsole.log('result:', await globalThis.oneCall);\n`);
    const bun = join(PACKAGE_DIR, 'node_modules', '.bin', 'bun');
    expect(execFileSync(bun, ['--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+/);
    const result = await spawnText(bun, ['run', script]);
    expect(result.output).toContain('result: alice');
    expect(result.code).toBe(0);
    expect(service.requests[0]!.signatureValid).toBe(true);
  });

  it('Deno runs the edge bundle with network access to 127.0.0.1 only', async () => {
    service.script();
    const script = join(WORK_DIR, 'deno-one-call.mjs');
    const esm = await bundleOneCall(oneCallProgram(service.endpoint, CREDENTIALS), { format: 'esm', minify: false });
    writeFileSync(script, `${esm}\nconsole.log('result:', await globalThis.oneCall);\n`);
    const host = new URL(service.endpoint).host;
    const result = await spawnText(join(PACKAGE_DIR, 'node_modules', '.bin', 'deno'), ['run', '--no-prompt', `--allow-net=${host}`, script]);
    expect(result.output).toContain('result: alice');
    expect(result.code).toBe(0);
    expect(service.requests[0]!.signatureValid).toBe(true);
  });
});
