// The getauthcode bin, run as users run it (the built dist, a child process), against a local service.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startMockService, SUCCESS_BODY, TEST_CREDENTIALS, type MockService } from './support/mock-server.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'esm', 'cli', 'bin.js');
const home = mkdtempSync(join(tmpdir(), 'getauthcode-home-'));
const ENV = {
  PATH: process.env.PATH,
  HOME: home,
  ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIALS.accessKeySecret,
  ALIBABA_CLOUD_SECURITY_TOKEN: TEST_CREDENTIALS.securityToken,
};
let service: MockService;
beforeAll(async () => {
  service = await startMockService();
});
afterAll(() => service.close());

/** Runs the bin asynchronously: the mock service lives in this process and must keep answering. */
function run(args: string[], env: Record<string, string | undefined> = ENV): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SECRETS = [TEST_CREDENTIALS.accessKeySecret, TEST_CREDENTIALS.securityToken];

describe('getauthcode', () => {
  it('prints only the auth code', async () => {
    service.script(reply.success());
    const result = await run(['--external-user-id', 'alice', '--endpoint', service.endpoint]);
    expect(result).toMatchObject({ code: 0, stdout: `${SUCCESS_BODY.AuthModel.AuthCode}\n`, stderr: '' });
    expect(service.requests[0]).toMatchObject({ body: 'ExternalUserId=alice', signatureValid: true });
  });

  it('prints the whole response with --json', async () => {
    service.script(reply.success());
    const result = await run(['--end-user-id', 'alice', '--auto-create-user', '--policy', '{"Version":"1","Resource":{"Type":"App","Id":"ca-1"}}', '--endpoint', service.endpoint, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(SUCCESS_BODY);
    expect(service.requests[0]!.body).toMatch(/^AutoCreateUser=true&EndUserId=alice&Policy=/);
  });

  it('--dry-run prints the signed request with every secret redacted and sends nothing', async () => {
    service.script(reply.success());
    const result = await run(['--external-user-id', 'alice', '--endpoint', service.endpoint, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`POST ${service.endpoint}/`);
    expect(result.stdout).toContain('authorization: ***');
    expect(result.stdout).toContain('x-acs-security-token: ***');
    expect(result.stdout).toContain('canonical request:');
    expect(result.stdout).toContain('x-acs-security-token:***');
    expect(result.stdout).toMatch(/string to sign:\n {2}ACS3-HMAC-SHA256\n {2}[0-9a-f]{64}/);
    expect(result.stdout).toContain('ExternalUserId=alice');
    for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(service.requests).toHaveLength(0);
  });

  it('--help lists the generated flags', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--external-user-id', '--end-user-id', '--policy', '--auto-create-user', '--region', '--endpoint', '--profile', '--json', '--dry-run']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('reports a service error on stderr with its code and request id, and exits 1', async () => {
    service.script(reply.serviceError(403, 'Forbidden.RAM'));
    const result = await run(['--external-user-id', 'alice', '--endpoint', service.endpoint]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('code: Forbidden.RAM');
    expect(result.stderr).toContain('request id: req-Forbidden.RAM');
  });

  it('reports invalid input with the field, sending nothing', async () => {
    service.script(reply.success());
    const result = await run(['--endpoint', service.endpoint]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ExternalUserId: ExternalUserId or EndUserId must be a non-empty string');
    expect(service.requests).toHaveLength(0);
  });

  it('reports missing credentials with the places it looked', async () => {
    const result = await run(['--external-user-id', 'alice', '--endpoint', service.endpoint], { PATH: process.env.PATH, HOME: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CredentialsError');
    expect(result.stderr).toContain(join(home, '.aliyun', 'config.json'));
  });

  it('exits 2 on an unknown flag', async () => {
    const result = await run(['--user', 'alice']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--user'");
  });

  it('never prints the auth code on stderr, and never a secret anywhere', async () => {
    service.script(reply.json(200, { RequestId: 'r', AuthModel: { AuthCode: SUCCESS_BODY.AuthModel.AuthCode, ExpireTime: 'not a date' } }));
    const result = await run(['--external-user-id', 'alice', '--endpoint', service.endpoint]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ResponseValidationError');
    expect(result.stdout + result.stderr).not.toContain(SUCCESS_BODY.AuthModel.AuthCode);
    for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
  });
});
