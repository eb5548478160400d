// The client against a real local service, once per transport: outcomes, attempt counts and a
// fresh signature (date and nonce) on every attempt.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createClient,
  isAlibabaCloudError,
  isNetworkError,
  isResponseValidationError,
  isTimeoutError,
  type ClientOptions,
  type FetchFunction,
} from '../src/index.js';
import { createNodeFetch } from '../src/node/index.js';
import { failure } from './support/failure.js';
import { reply, startMockService, SUCCESS_BODY, TEST_CREDENTIALS, type MockService } from './support/mock-server.js';

let service: MockService;
const nodeFetch = createNodeFetch();
beforeAll(async () => {
  service = await startMockService();
});
afterAll(async () => {
  nodeFetch.close();
  await service.close();
});

const transports: [string, FetchFunction | undefined][] = [
  ['global fetch', undefined],
  ['createNodeFetch', nodeFetch],
];

describe.each(transports)('with %s', (_name, fetch) => {
  const client = (options: Partial<ClientOptions> = {}) =>
    createClient({
      credentials: TEST_CREDENTIALS,
      endpoint: service.endpoint,
      fetch,
      attemptTimeoutMs: 400,
      retryBackoff: { baseMs: 1, capMs: 5 },
      ...options,
    });
  const request = { ExternalUserId: 'alice' };


  it('returns the validated response of a signed request', async () => {
    service.script(reply.success());
    expect(await client().getAuthCode(request)).toEqual(SUCCESS_BODY);
    expect(service.requests).toHaveLength(1);
    const [sent] = service.requests;
    expect(sent).toMatchObject({ method: 'POST', url: '/', body: 'ExternalUserId=alice', signatureValid: true });
    expect(sent!.headers).toMatchObject({
      'x-acs-action': 'GetAuthCode',
      'x-acs-version': '2021-02-18',
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-security-token': TEST_CREDENTIALS.securityToken,
      'x-acs-accesskey-id': TEST_CREDENTIALS.accessKeyId,
    });
    expect(sent!.headers['x-acs-date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('sends body fields in alphabetical order, a policy object as compact JSON in spec order, and no empty field', async () => {
    service.script(reply.success());
    await client().getAuthCode({
      Policy: { Resource: { Id: 'aig-1', Type: 'AppInstanceGroup' }, Version: '1' },
      ExternalUserId: 'Zoë 用户',
      EndUserId: '',
      AutoCreateUser: true,
    });
    const policy = encodeURIComponent('{"Version":"1","Resource":{"Type":"AppInstanceGroup","Id":"aig-1"}}');
    expect(service.requests[0]!.body).toBe(`AutoCreateUser=true&ExternalUserId=Zo%C3%AB%20%E7%94%A8%E6%88%B7&Policy=${policy}`);
  });

  it('sends a Policy string byte for byte', async () => {
    service.script(reply.success());
    const policy = '{ "Version": "1", "Resource": { "Type": "App", "Id": "ca-1" } }';
    await client().getAuthCode({ EndUserId: 'alice', Policy: policy });
    expect(new URLSearchParams(service.requests[0]!.body).get('Policy')).toBe(policy);
  });

  it.each([
    ['InvalidParameter', 400],
    ['MissingParameter', 400],
    ['InvalidAccessKeyId.NotFound', 404],
    ['SignatureDoesNotMatch', 403],
    ['Forbidden.RAM', 403],
    ['InvalidApi.NotFound', 404],
  ])('does not retry %s (HTTP %i)', async (code, status) => {
    service.script(reply.serviceError(status, code));
    const error = await failure(client().getAuthCode(request));
    expect(isAlibabaCloudError(error)).toBe(true);
    expect(error).toMatchObject({ code, statusCode: status, requestId: `req-${code}`, retryable: false, retryClass: 'never' });
    expect(service.requests).toHaveLength(1);
  });

  it.each([
    ['Throttling.User', 400],
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
    ['SomeNewServerError', 502],
  ])('retries %s (HTTP %i) up to maxAttempts with a fresh date and nonce', async (code, status) => {
    service.script(reply.serviceError(status, code));
    const error = await failure(client().getAuthCode(request));
    expect(error).toMatchObject({ code, statusCode: status, retryable: true });
    expect(service.requests).toHaveLength(3);
    expect(new Set(service.requests.map((r) => r.headers['x-acs-signature-nonce'])).size).toBe(3);
    expect(new Set(service.requests.map((r) => r.headers.authorization)).size).toBe(3);
    expect(service.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('recovers from a 5xx: the last response is returned', async () => {
    service.script(reply.serviceError(503, 'ServiceUnavailable'), reply.success());
    expect(await client().getAuthCode(request)).toEqual(SUCCESS_BODY);
    expect(service.requests).toHaveLength(2);
  });

  it('does not retry ambiguous failures when retryAmbiguous is false, but still retries throttling', async () => {
    service.script(reply.serviceError(500, 'InternalError'));
    expect(await failure(client({ retryAmbiguous: false }).getAuthCode(request))).toMatchObject({ code: 'InternalError', retryable: false });
    expect(service.requests).toHaveLength(1);
    service.script(reply.serviceError(400, 'Throttling.Api'), reply.success());
    await client({ retryAmbiguous: false }).getAuthCode(request);
    expect(service.requests).toHaveLength(2);
  });

  it.each(['-5', '0', 'soon', ''])('ignores an x-acs-retry-after of %j and uses the backoff', async (value) => {
    service.script(reply.serviceError(400, 'Throttling', { 'x-acs-retry-after': value }), reply.success());
    const delays: number[] = [];
    await client({ random: () => 0.5, retryBackoff: { baseMs: 8, capMs: 100 }, hooks: { onRetry: (event) => delays.push(event.delayMs) } }).getAuthCode(request);
    expect(delays).toEqual([4]);
  });

  it('uses the x-acs-retry-after value as the wait when it is a positive number', async () => {
    service.script(reply.serviceError(400, 'Throttling.User', { 'x-acs-retry-after': '30' }), reply.success());
    const delays: number[] = [];
    await client({ hooks: { onRetry: (event) => delays.push(event.delayMs) } }).getAuthCode(request);
    expect(delays).toEqual([30]);
  });

  it.each([
    ['a code containing Throttling', reply.serviceError(400, 'Rejected.Throttling')],
    ['an unknown 4xx code with x-acs-retry-after', reply.serviceError(429, 'TooManyRequests', { 'x-acs-retry-after': '5' })],
  ])('treats %s as throttling (safe to retry)', async (_name, answer) => {
    service.script(answer, reply.success());
    expect(await client({ retryAmbiguous: false }).getAuthCode(request)).toEqual(SUCCESS_BODY);
    expect(service.requests).toHaveLength(2);
  });

  it('fails at once with the throttling error when the wait exceeds the remaining budget', async () => {
    service.script(reply.serviceError(400, 'Throttling.User', { 'x-acs-retry-after': '5000' }));
    const retries: number[] = [];
    const error = await failure(client({ timeoutMs: 1_000, hooks: { onRetry: (event) => retries.push(event.delayMs) } }).getAuthCode(request));
    expect(error).toMatchObject({ code: 'Throttling.User', retryClass: 'safe' });
    expect(retries).toEqual([]);
    expect(service.requests).toHaveLength(1);
  });

  it('retries a connection reset and succeeds', async () => {
    service.script(reply.reset(), reply.success());
    expect(await client().getAuthCode(request)).toEqual(SUCCESS_BODY);
    expect(service.requests).toHaveLength(2);
  });

  it('reports a NetworkError after resets on every attempt', async () => {
    service.script(reply.reset());
    const error = await failure(client().getAuthCode(request));
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ sent: true });
    expect(service.requests).toHaveLength(3);
  });

  it('times out a slow attempt, retries, and reports a TimeoutError', async () => {
    service.script(reply.delayed(1_000, reply.success()));
    const error = await failure(client({ attemptTimeoutMs: 100 }).getAuthCode(request));
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ scope: 'attempt', timeoutMs: 100 });
    expect(service.requests).toHaveLength(3);
  });

  it('recovers when only the first attempt is slow', async () => {
    service.script(reply.delayed(1_000, reply.success()), reply.success());
    expect(await client({ attemptTimeoutMs: 100 }).getAuthCode(request)).toEqual(SUCCESS_BODY);
    expect(service.requests).toHaveLength(2);
  });

  it.each([
    ['malformed JSON', reply.text(200, '{"RequestId": "x", ', 'application/json'), /not JSON/],
    ['an HTML page', reply.text(200, '<html><body>gateway</body></html>', 'text/html'), /not JSON/],
    ['an empty body', reply.text(200, '', 'application/json'), /empty/],
    ['a wrongly shaped body', reply.json(200, { RequestId: 'r-1', AuthModel: { EndUserId: 'alice' } }), /AuthModel\.AuthCode/],
  ])('turns %s into a ResponseValidationError, without retrying', async (_name, answer, problem) => {
    service.script(answer);
    const error = await failure(client().getAuthCode(request));
    expect(isResponseValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(problem);
    expect(error).toMatchObject({ statusCode: 200 });
    expect(service.requests).toHaveLength(1);
  });

  it('keeps the request id and a redacted body on a wrongly shaped response', async () => {
    service.script(reply.json(200, { RequestId: 'r-2', AuthModel: { AuthCode: 42 } }));
    const error = (await failure(client().getAuthCode(request))) as { requestId: string; body: unknown };
    expect(error.requestId).toBe('r-2');
    expect(error.body).toEqual({ RequestId: 'r-2', AuthModel: { AuthCode: '***' } });
    expect(Object.keys(error)).not.toContain('body');
  });

  it('turns a truncated body into a ResponseValidationError or a NetworkError, never a crash', async () => {
    service.script(reply.truncated());
    const error = await failure(client({ maxAttempts: 1 }).getAuthCode(request));
    expect(isResponseValidationError(error) || isNetworkError(error)).toBe(true);
  });

  it('reads error codes from lower-case JSON fields and from XML bodies', async () => {
    service.script(reply.json(403, { requestId: 'r-3', code: 'Forbidden', message: 'no' }));
    expect(await failure(client().getAuthCode(request))).toMatchObject({ code: 'Forbidden', requestId: 'r-3' });
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>r-4</RequestId><Code>InvalidParameter</Code><Message>bad &amp; wrong</Message></Error>';
    service.script(reply.text(400, xml, 'text/xml;charset=utf-8'));
    expect(await failure(client().getAuthCode(request))).toMatchObject({ code: 'InvalidParameter', requestId: 'r-4', message: expect.stringContaining('bad & wrong') });
  });

  it('aborts the request in flight and starts no attempt after the abort', async () => {
    service.script(reply.delayed(2_000, reply.success()));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    const error = (await failure(client({ attemptTimeoutMs: 5_000 }).getAuthCode(request, { signal: controller.signal }))) as Error;
    expect(error.name).toBe('AbortError');
    expect((error.cause as Error).message).toBe('caller gave up');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(service.requests).toHaveLength(1);
  });

  it('aborts the backoff wait', async () => {
    // A 20 s wait is scheduled: the test's 5 s limit fails it unless the abort cuts the wait short.
    service.script(reply.serviceError(400, 'Throttling', { 'x-acs-retry-after': '20000' }));
    const controller = new AbortController();
    const waits: number[] = [];
    const onRetry = (event: { delayMs: number }) => {
      waits.push(event.delayMs);
      setTimeout(() => controller.abort(), 50);
    };
    expect(await failure(client({ hooks: { onRetry } }).getAuthCode(request, { signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
    expect(waits).toEqual([20_000]);
    expect(service.requests).toHaveLength(1);
  });

  it('sends nothing with an already aborted signal', async () => {
    service.script(reply.success());
    const controller = new AbortController();
    controller.abort();
    expect(await failure(client().getAuthCode(request, { signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
    expect(service.requests).toHaveLength(0);
  });

  it('bounds the whole call by timeoutMs, backoff included', async () => {
    // Only the call's deadline can produce scope 'call': the attempt timeout is 5 s, the answer 3 s away.
    service.script(reply.delayed(3_000, reply.success()));
    const error = await failure(client({ attemptTimeoutMs: 5_000 }).getAuthCode(request, { timeoutMs: 200 }));
    expect(error).toMatchObject({ name: 'TimeoutError', scope: 'call', timeoutMs: 200 });
    expect(service.requests).toHaveLength(1);
  });
});

describe('network failures before sending', () => {
  it('retries a refused connection even with retryAmbiguous off, and reports NetworkError with sent: false', async () => {
    const closed = await startMockService();
    await closed.close();
    let attempts = 0;
    const client = createClient({
      credentials: TEST_CREDENTIALS,
      endpoint: closed.endpoint,
      retryAmbiguous: false,
      retryBackoff: { baseMs: 1, capMs: 2 },
      hooks: { onRequest: () => attempts++ },
    });
    let error: unknown;
    try {
      await client.getAuthCode({ EndUserId: 'a' });
    } catch (caught) {
      error = caught;
    }
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ sent: false });
    expect(attempts).toBe(3);
  });
});

describe('failures around the exchange', () => {
  const base = { credentials: TEST_CREDENTIALS, endpoint: 'http://127.0.0.1:9', retryBackoff: { baseMs: 1, capMs: 2 } };

  it('bounds a hanging credentials provider by timeoutMs, and by the caller signal', async () => {
    // The provider never settles: only the deadline or the signal can end these calls.
    const hanging = () => new Promise<never>(() => {});
    expect(await failure(createClient({ ...base, credentials: hanging, timeoutMs: 100 }).getAuthCode({ EndUserId: 'a' }))).toMatchObject({
      name: 'TimeoutError',
      scope: 'call',
      timeoutMs: 100,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await failure(createClient({ ...base, credentials: hanging }).getAuthCode({ EndUserId: 'a' }, { signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
  });

  it('does not retry or keep the message when fetch refuses to build the request', async () => {
    let calls = 0;
    const fetch: FetchFunction = async () => {
      calls++;
      throw new TypeError('Headers.append: "ACS3-HMAC-SHA256 Credential=x,Signature=abc\n" is an invalid header value.');
    };
    const error = await failure(createClient({ ...base, fetch }).getAuthCode({ EndUserId: 'a' }));
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ sent: false });
    expect((error as Error).cause).toBeUndefined();
    expect(calls).toBe(1);
  });

  it.each([Number.NaN, 0, -1, 2 ** 31])('refuses a per-call timeoutMs of %d before sending', async (timeoutMs) => {
    let calls = 0;
    const fetch: FetchFunction = async () => {
      calls++;
      throw new Error('not reached');
    };
    expect(await failure(createClient({ ...base, fetch }).getAuthCode({ EndUserId: 'a' }, { timeoutMs }))).toMatchObject({ name: 'ConfigurationError' });
    expect(calls).toBe(0);
  });
});

describe('the attempt deadline with createNodeFetch', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is a timer of the transport: no AbortController per attempt, while global fetch gets one', async () => {
    let created = 0;
    vi.stubGlobal(
      'AbortController',
      class CountingAbortController extends AbortController {
        constructor() {
          super();
          created++;
        }
      },
    );
    const options = { credentials: TEST_CREDENTIALS, endpoint: service.endpoint };
    service.script(reply.success());
    await createClient({ ...options, fetch: nodeFetch }).getAuthCode({ EndUserId: 'a' });
    expect(created).toBe(0);
    service.script(reply.success());
    await createClient(options).getAuthCode({ EndUserId: 'a' });
    // Ours, and (in Node 20) undici's own per Request.
    expect(created).toBeGreaterThanOrEqual(1);
  });
});

describe('hooks', () => {
  it('are called as methods of the hooks object, and one that throws changes nothing', async () => {
    const hooks = {
      requests: 0,
      responses: 0,
      onRequest(this: { requests: number }) {
        this.requests++;
      },
      onResponse(this: { responses: number }) {
        this.responses++;
        throw new Error('a broken logger');
      },
    };
    service.script(reply.success());
    const result = await createClient({ credentials: TEST_CREDENTIALS, endpoint: service.endpoint, fetch: nodeFetch, hooks }).getAuthCode({ EndUserId: 'a' });
    expect(result).toEqual(SUCCESS_BODY);
    expect(hooks).toMatchObject({ requests: 1, responses: 1 });
  });
});
