import { expect, it } from 'vitest';
import { createClient, isConfigurationError } from '../src/index.js';
import { resolveEndpoint } from '../src/runtime/endpoint.js';

it.each([
  [{}, 'https://appstream-center.cn-shanghai.aliyuncs.com'],
  [{ regionId: 'ap-southeast-1' }, 'https://appstream-center.ap-southeast-1.aliyuncs.com'],
  [{ regionId: 'cn-beijing' }, 'https://appstream-center.cn-beijing.aliyuncs.com'],
  [{ regionId: 'ap-southeast-1', endpoint: 'https://example.test:8443' }, 'https://example.test:8443'],
  [{ endpoint: 'http://127.0.0.1:9000' }, 'http://127.0.0.1:9000'],
  [{ endpoint: 'http://localhost:9000/' }, 'http://localhost:9000'],
])('resolves %j to %s', (options, origin) => {
  expect(resolveEndpoint(options).origin).toBe(origin);
});

it.each([
  ['http to a non-loopback host', { endpoint: 'http://appstream-center.cn-shanghai.aliyuncs.com' }, /plain http is allowed only for loopback/],
  ['a path', { endpoint: 'https://example.test/api' }, /without a path/],
  ['a query', { endpoint: 'https://example.test/?a=1' }, /without a path, query/],
  ['not a URL', { endpoint: 'example.test' }, /must be an origin/],
  ['another scheme', { endpoint: 'ftp://example.test' }, /must use https/],
  ['a malformed region', { regionId: 'cn shanghai/x' }, /regionId must be a region ID/],
])('refuses %s', (_name, options, message) => {
  expect(() => resolveEndpoint(options)).toThrow(message);
});

it('refuses a client without credentials, pointing to the ./node entry', () => {
  let error: unknown;
  try {
    createClient({});
  } catch (caught) {
    error = caught;
  }
  expect(isConfigurationError(error)).toBe(true);
  expect((error as Error).message).toContain('"./node" entry');
});

it.each([
  [{ timeoutMs: 0 }, /timeoutMs must be a positive number/],
  [{ attemptTimeoutMs: -1 }, /attemptTimeoutMs/],
  [{ maxAttempts: 1.5 }, /maxAttempts must be a whole number/],
  [{ retryBackoff: { baseMs: Number.NaN } }, /retryBackoff.baseMs/],
])('refuses bad numeric options %j', (options, message) => {
  expect(() => createClient({ credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, ...options })).toThrow(message);
});

it('checks the endpoint before the credentials, so a bad endpoint is reported first', () => {
  expect(() => createClient({ endpoint: 'ftp://example.test', credentials: { accessKeyId: '', accessKeySecret: 'b' } })).toThrow(/must use https/);
});
