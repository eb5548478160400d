// Bad input never leaves the process: each invalid request throws RequestValidationError naming
// the field, and the local service receives nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, isRequestValidationError, RequestValidationError } from '../src/index.js';
import { startMockService, TEST_CREDENTIALS, type MockService } from './support/mock-server.js';

let service: MockService;
beforeAll(async () => {
  service = await startMockService();
});
afterAll(() => service.close());

const cases: [string, unknown, string[]][] = [
  ['both user ids absent', { Policy: '' }, ['ExternalUserId', 'EndUserId']],
  ['both user ids empty strings', { ExternalUserId: '', EndUserId: '' }, ['ExternalUserId', 'EndUserId']],
  ['a number as ExternalUserId', { ExternalUserId: 7 }, ['ExternalUserId']],
  ['a string as AutoCreateUser', { EndUserId: 'a', AutoCreateUser: 'yes' }, ['AutoCreateUser']],
  ['null as EndUserId', { EndUserId: null, ExternalUserId: 'a' }, ['EndUserId']],
  ['an unparseable Policy', { EndUserId: 'a', Policy: '{"Version":' }, ['Policy']],
  ['a Policy with an unknown resource type', { EndUserId: 'a', Policy: { Version: '1', Resource: { Type: 'Desktop', Id: 'x' } } }, ['Policy.Resource.Type']],
  ['a Policy without Resource.Id', { EndUserId: 'a', Policy: '{"Version":"1","Resource":{"Type":"App"}}' }, ['Policy.Resource.Id']],
  ['a Policy with an extra key', { EndUserId: 'a', Policy: { Version: '1', Resource: { Type: 'App', Id: 'x' }, Effect: 'Allow' } }, ['Policy.Effect']],
  ['a Policy array', { EndUserId: 'a', Policy: [] }, ['Policy']],
  ['an extra field', { EndUserId: 'a', UserName: 'b' }, ['UserName']],
  ['null', null, ['(request)']],
  ['undefined', undefined, ['(request)']],
  ['a string', 'alice', ['(request)']],
  ['a lone surrogate', { ExternalUserId: 'ali\uD800ce' }, ['ExternalUserId']],
];

it.each(cases)('%s', async (_name, input, fields) => {
  const client = createClient({ credentials: TEST_CREDENTIALS, endpoint: service.endpoint });
  let error: unknown;
  try {
    await client.getAuthCode(input as never);
  } catch (caught) {
    error = caught;
  }
  expect(isRequestValidationError(error)).toBe(true);
  expect(error).toBeInstanceOf(RequestValidationError);
  const issues = (error as RequestValidationError).issues;
  expect(issues.map((issue) => issue.field)).toEqual(fields);
  for (const issue of issues) {
    expect(issue.problem).not.toBe('Invalid input');
    expect((error as Error).message).toContain(`${issue.field}: ${issue.problem}`);
  }
  expect(service.requests).toHaveLength(0);
});

it('explains each problem in words', async () => {
  const client = createClient({ credentials: TEST_CREDENTIALS, endpoint: service.endpoint });
  await expect(client.getAuthCode({ EndUserId: 'a', AutoCreateUser: 'yes' } as never)).rejects.toThrow('AutoCreateUser: must be a boolean');
  await expect(client.getAuthCode({ EndUserId: 'a', Policy: { Version: '2', Resource: { Type: 'App', Id: 'x' } } } as never)).rejects.toThrow(
    'Policy.Version: must be one of "1"',
  );
  await expect(client.getAuthCode({ ExternalUserId: '' } as never)).rejects.toThrow(
    'ExternalUserId: ExternalUserId or EndUserId must be a non-empty string',
  );
  expect(service.requests).toHaveLength(0);
});
