// Secrets (AccessKey secret, STS token, Authorization) never appear in errors, in how errors and
// the client print, or in hook payloads; the auth code appears only in the successful result.
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../src/index.js';
import { failure } from './support/failure.js';
import { reply, startMockService, SUCCESS_BODY, TEST_CREDENTIALS, type MockService } from './support/mock-server.js';

const AUTH_CODE = SUCCESS_BODY.AuthModel.AuthCode;
let service: MockService;
const hookPayloads: unknown[] = [];
beforeAll(async () => {
  service = await startMockService();
});
afterAll(() => service.close());

function client(options: Partial<ClientOptions> = {}) {
  return createClient({
    credentials: TEST_CREDENTIALS,
    endpoint: service.endpoint,
    attemptTimeoutMs: 100,
    retryBackoff: { baseMs: 1, capMs: 2 },
    hooks: {
      onRequest: (event) => hookPayloads.push(event),
      onResponse: (event) => hookPayloads.push(event),
      onRetry: (event) => hookPayloads.push(event),
    },
    ...options,
  });
}

/** Every way an object is commonly printed or logged. */
function renderings(value: unknown): string[] {
  const asError = value as Error;
  return [
    JSON.stringify(value),
    String(value),
    inspect(value, { depth: 10 }),
    inspect(value, { depth: 10, showHidden: false, getters: true }),
    asError?.stack ?? '',
    asError?.cause === undefined ? '' : inspect(asError.cause, { depth: 10 }),
  ];
}

function expectNoSecret(texts: string[], { authCodeAllowed = false } = {}) {
  const all = texts.join('\n');
  expect(all).not.toContain(TEST_CREDENTIALS.accessKeySecret);
  expect(all).not.toContain(TEST_CREDENTIALS.securityToken);
  expect(all).not.toMatch(/Signature=[0-9a-f]{64}/);
  if (!authCodeAllowed) expect(all).not.toContain(AUTH_CODE);
}

it('errors of every kind carry no secret and no auth code', async () => {
  const scenarios: [string, () => Promise<unknown>][] = [
    ['service error', () => (service.script(reply.serviceError(403, 'Forbidden')), client().getAuthCode({ EndUserId: 'a' }))],
    ['request validation', () => client().getAuthCode({} as never)],
    ['response validation', () => (service.script(reply.json(200, { RequestId: 'r', AuthModel: { AuthCode: AUTH_CODE, ExpireTime: 'x' } })), client().getAuthCode({ EndUserId: 'a' }))],
    ['malformed body around the auth code', () => (service.script(reply.text(200, `{"RequestId":"r","AuthModel":{"AuthCode":${AUTH_CODE}}}`, 'application/json')), client().getAuthCode({ EndUserId: 'a' }))],
    ['wrong status', () => (service.script(reply.json(202, SUCCESS_BODY)), client().getAuthCode({ EndUserId: 'a' }))],
    ['network', () => (service.script(reply.reset()), client().getAuthCode({ EndUserId: 'a' }))],
    ['timeout', () => (service.script(reply.delayed(500, reply.success())), client().getAuthCode({ EndUserId: 'a' }))],
    ['abort', () => client().getAuthCode({ EndUserId: 'a' }, { signal: AbortSignal.abort() })],
    ['configuration', async () => createClient({ credentials: TEST_CREDENTIALS, endpoint: 'http://example.test' })],
    ['credentials', async () => client({ credentials: async () => ({ accessKeyId: 'x', accessKeySecret: '' }) }).getAuthCode({ EndUserId: 'a' })],
    ['provider fails', async () => client({ credentials: async () => { throw new Error('metadata service unreachable'); } }).getAuthCode({ EndUserId: 'a' })],
  ];
  for (const [name, run] of scenarios) {
    const error = await failure(run());
    expect(error, name).toBeInstanceOf(Error);
    expectNoSecret(renderings(error));
  }
});

it('hook payloads are redacted', async () => {
  hookPayloads.length = 0;
  service.script(reply.serviceError(503, 'ServiceUnavailable'), reply.success());
  expect(await client().getAuthCode({ EndUserId: 'a' })).toEqual(SUCCESS_BODY);
  expect(hookPayloads.length).toBeGreaterThanOrEqual(5);
  expect(JSON.stringify(hookPayloads)).toContain('"authorization":"***"');
  expect(JSON.stringify(hookPayloads)).toContain('"x-acs-security-token":"***"');
  expectNoSecret(hookPayloads.flatMap(renderings));
});

it('the client object and its credentials print without secrets', async () => {
  const instance = client();
  expectNoSecret(renderings(instance));
  service.script(reply.success());
  const result = await instance.getAuthCode({ EndUserId: 'a' });
  expect(result.AuthModel.AuthCode).toBe(AUTH_CODE);
  expectNoSecret(renderings(instance));
});

it('the successful result is the one place the auth code appears', async () => {
  hookPayloads.length = 0;
  service.script(reply.success());
  const result = await client().getAuthCode({ EndUserId: 'a' });
  expectNoSecret(renderings(result), { authCodeAllowed: true });
  expect(JSON.stringify(result)).toContain(AUTH_CODE);
  expectNoSecret(hookPayloads.flatMap(renderings));
});
