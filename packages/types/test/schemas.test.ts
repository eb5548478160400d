// The generated zod/mini schemas against the spec's own examples and against bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema, GetAuthCodeRequestSchema, GetAuthCodeResponseSchema, PolicyDocumentSchema } from '../src/index.js';

const spec = parse(readFileSync(join(import.meta.dirname, '../../../spec/appstream-center.yaml'), 'utf8'));
const operation = spec.paths['/'].post;
const requestExamples = operation.requestBody.content['application/x-www-form-urlencoded'].examples;
const successExample = operation.responses['200'].content['application/json'].examples.Success.value;

function issues(input: unknown) {
  const result = GetAuthCodeRequestSchema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message }));
}

describe('GetAuthCodeRequestSchema', () => {
  it.each(Object.keys(requestExamples))('accepts the spec example %s', (name) => {
    expect(GetAuthCodeRequestSchema.parse(requestExamples[name].value)).toEqual(requestExamples[name].value);
  });

  it('accepts both user ids at once, and AutoCreateUser with EndUserId (the flag is ignored)', () => {
    expect(GetAuthCodeRequestSchema.safeParse({ ExternalUserId: 'a', EndUserId: 'b', AutoCreateUser: true }).success).toBe(true);
  });

  it('accepts an empty Policy (no limitation) and an absent one', () => {
    expect(GetAuthCodeRequestSchema.safeParse({ EndUserId: 'a', Policy: '' }).success).toBe(true);
    expect(GetAuthCodeRequestSchema.safeParse({ EndUserId: 'a' }).success).toBe(true);
  });

  it('rejects both user ids absent, naming both fields', () => {
    const found = issues({ Policy: '' });
    expect(found.map((i) => i.path)).toEqual(['ExternalUserId', 'EndUserId']);
    for (const issue of found) expect(issue.message).toBe('ExternalUserId or EndUserId must be a non-empty string (they cannot all be empty)');
  });

  it('treats empty strings as absent', () => {
    expect(issues({ ExternalUserId: '', EndUserId: '' }).map((i) => i.path)).toEqual(['ExternalUserId', 'EndUserId']);
    expect(issues({ ExternalUserId: '' }).map((i) => i.path)).toEqual(['ExternalUserId', 'EndUserId']);
  });

  it('rejects a Policy that is not JSON, at the Policy field', () => {
    const [issue] = issues({ ExternalUserId: 'a', Policy: '{"Version": "1",' });
    expect(issue).toMatchObject({ path: 'Policy', code: 'custom' });
    expect(issue!.message).toMatch(/^must be JSON text/);
  });

  it('rejects an unknown resource type, at the nested path', () => {
    const policy = JSON.stringify({ Version: '1', Resource: { Type: 'Desktop', Id: 'x' } });
    expect(issues({ ExternalUserId: 'a', Policy: policy })).toEqual([{ path: 'Policy.Resource.Type', code: 'invalid_value', message: 'Invalid input' }]);
  });

  it('rejects a policy document with a wrong version, a missing Id or an extra key', () => {
    const bad = [
      [{ Version: '2', Resource: { Type: 'App', Id: 'x' } }, 'Policy.Version'],
      [{ Version: '1', Resource: { Type: 'App' } }, 'Policy.Resource.Id'],
      [{ Version: '1', Resource: { Type: 'App', Id: 'x' }, Effect: 'Allow' }, 'Policy'],
    ] as const;
    for (const [document, path] of bad) {
      expect(issues({ ExternalUserId: 'a', Policy: JSON.stringify(document) }).map((i) => i.path)).toEqual([path]);
    }
  });

  it('rejects an extra request field', () => {
    expect(issues({ ExternalUserId: 'a', UserId: 'b' })).toEqual([{ path: '', code: 'unrecognized_keys', message: 'Invalid input' }]);
  });

  it('rejects wrong types, naming the field', () => {
    expect(issues({ ExternalUserId: 42 }).map((i) => [i.path, i.code])).toContainEqual(['ExternalUserId', 'invalid_type']);
    expect(issues({ EndUserId: 'a', AutoCreateUser: 'true' }).map((i) => [i.path, i.code])).toEqual([['AutoCreateUser', 'invalid_type']]);
    expect(issues({ EndUserId: 'a', Policy: { Version: '1' } }).map((i) => [i.path, i.code])).toEqual([['Policy', 'invalid_type']]);
  });

  it('rejects null and undefined requests', () => {
    expect(issues(null)[0]).toMatchObject({ path: '', code: 'invalid_type' });
    expect(issues(undefined)[0]).toMatchObject({ path: '', code: 'invalid_type' });
  });
});

describe('PolicyDocumentSchema', () => {
  it('accepts the spec example (the seed Policy example, parsed)', () => {
    const example = JSON.parse(spec.components.schemas.GetAuthCodeRequest.properties.Policy.example);
    expect(PolicyDocumentSchema.parse(example)).toEqual(example);
    expect(PolicyDocumentSchema.parse(spec.components.schemas.PolicyDocument.example)).toEqual(example);
  });

  it.each(['AppInstanceGroup', 'AppInstance', 'App'])('accepts resource type %s', (Type) => {
    expect(PolicyDocumentSchema.safeParse({ Version: '1', Resource: { Type, Id: 'x-1' } }).success).toBe(true);
  });
});

describe('GetAuthCodeResponseSchema', () => {
  it('accepts the seed success example', () => {
    expect(GetAuthCodeResponseSchema.parse(successExample)).toEqual(successExample);
  });

  it('tolerates unknown extra fields and keeps them', () => {
    const withExtra = { ...successExample, Extra: 1, AuthModel: { ...successExample.AuthModel, Region: 'x' } };
    expect(GetAuthCodeResponseSchema.parse(withExtra)).toEqual(withExtra);
  });

  it('requires RequestId, AuthModel and AuthModel.AuthCode', () => {
    const paths = (input: unknown) => GetAuthCodeResponseSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ AuthModel: { AuthCode: 'c' } })).toEqual(['RequestId']);
    expect(paths({ RequestId: 'r' })).toEqual(['AuthModel']);
    expect(paths({ RequestId: 'r', AuthModel: { EndUserId: 'alice' } })).toEqual(['AuthModel.AuthCode']);
  });

  it.each(['2015-01-23T12:33:18Z', '2015-01-23T12:33:18.5Z', '2015-01-23T20:33:18+08:00', '2015-01-23T07:33:18-05:00'])(
    'accepts the ISO 8601 date-time %s',
    (ExpireTime) => {
      expect(GetAuthCodeResponseSchema.safeParse({ RequestId: 'r', AuthModel: { AuthCode: 'c', ExpireTime } }).success).toBe(true);
    },
  );

  it.each(['2015-01-23 12:33:18', '2015-13-23T12:33:18Z', '2015-01-23T12:33:18', 'yesterday'])('rejects the non-date-time %s', (ExpireTime) => {
    expect(GetAuthCodeResponseSchema.safeParse({ RequestId: 'r', AuthModel: { AuthCode: 'c', ExpireTime } }).success).toBe(false);
  });
});

describe('ErrorBodySchema', () => {
  it('accepts the spec error example and unknown extra fields', () => {
    const example = spec.components.responses.ErrorResponse.content['application/json'].example;
    expect(ErrorBodySchema.parse({ ...example, Description: 'd' })).toEqual({ ...example, Description: 'd' });
  });
});

describe('the ISO 8601 date-time check', () => {
  const expireTime = (ExpireTime: string) => GetAuthCodeResponseSchema.safeParse({ RequestId: 'r', AuthModel: { AuthCode: 'c', ExpireTime } });
  it.each(['2015-01-23T12:33Z', '2015-01-23T12:33:18+0800', '2016-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '0000-02-29T00:00:00Z', '2015-01-31T00:00:00Z', '2015-04-30T00:00:00Z', '2015-01-23T12:33:18.123456-03:30'])('accepts %s', (value) => {
    expect(expireTime(value).success).toBe(true);
  });
  it.each(['2015-02-30T00:00:00Z', '2015-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '0100-02-29T00:00:00Z', '2015-04-31T00:00:00Z', '2015-01-23T24:00:00Z', '2015-01-23T12:60:00Z', '2015-01-23T12:33:18+24:00', '2015-1-23T12:33:18Z'])(
    'rejects %s, naming the format',
    (value) => {
      const result = expireTime(value);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ code: 'invalid_format', format: 'datetime', path: ['AuthModel', 'ExpireTime'] });
    },
  );
});
