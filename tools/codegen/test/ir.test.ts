import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildIR } from '../src/ir/build-ir.js';
import type { ObjectSchema } from '../src/ir/types.js';
import { parseSpec } from '../src/load/read-spec.js';
import { SpecError } from '../src/load/spec-error.js';
import { minimalSpecWith, REAL_SPEC, realSpecText } from './spec-fixtures.js';

const ir = buildIR(parseSpec(REAL_SPEC, realSpecText()), REAL_SPEC);
const operation = ir.operations[0]!;
const schema = (name: string) => ir.schemas.find((s) => s.name === name)!.schema;

function irError(text: string): SpecError {
  try {
    buildIR(parseSpec('s.yaml', text), 's.yaml');
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('the IR of the real spec', () => {
  it('has the RPC operation with its wire metadata', () => {
    expect(ir.operations).toHaveLength(1);
    expect(operation).toMatchObject({
      operationId: 'GetAuthCode',
      action: 'GetAuthCode',
      version: '2021-02-18',
      style: 'RPC',
      method: 'POST',
      path: '/',
      request: { mediaType: 'application/x-www-form-urlencoded', schemaName: 'GetAuthCodeRequest' },
      response: { status: 200, schemaName: 'GetAuthCodeResponse' },
      errorSchemaName: 'ErrorBody',
    });
    expect(ir).toMatchObject({ product: 'appstream-center', version: '2021-02-18' });
  });

  it('lists the four seed parameters in the body, in spec order', () => {
    expect(operation.request.parameters.map((p) => [p.name, p.in, p.required, p.schema.kind])).toEqual([
      ['ExternalUserId', 'body', false, 'string'],
      ['EndUserId', 'body', false, 'string'],
      ['Policy', 'body', false, 'string'],
      ['AutoCreateUser', 'body', false, 'boolean'],
    ]);
  });

  it('reads the either/or rule from anyOf', () => {
    expect((schema('GetAuthCodeRequest') as ObjectSchema).requireOneNonEmpty).toEqual(['ExternalUserId', 'EndUserId']);
  });

  it('links Policy to the PolicyDocument content schema', () => {
    const policy = operation.request.parameters.find((p) => p.name === 'Policy')!.schema;
    expect(policy).toMatchObject({ kind: 'string', content: { mediaType: 'application/json', schema: { kind: 'ref', name: 'PolicyDocument' } } });
  });

  it('orders named schemas so that dependencies come first', () => {
    const names = ir.schemas.map((s) => s.name);
    expect(names.indexOf('PolicyResource')).toBeLessThan(names.indexOf('PolicyDocument'));
    expect(names.indexOf('PolicyDocument')).toBeLessThan(names.indexOf('GetAuthCodeRequest'));
    expect(names.indexOf('AuthModel')).toBeLessThan(names.indexOf('GetAuthCodeResponse'));
  });

  it('keeps the error table with exact codes, prefixes and retry classes', () => {
    const byMatch = (m: string) => operation.errorCodes.find((e) => ('code' in e.match ? e.match.code : `${e.match.prefix}*`) === m);
    expect(byMatch('Throttling*')).toMatchObject({ retry: 'safe', statuses: [400] });
    expect(byMatch('Missing*')).toMatchObject({ retry: 'never' });
    expect(byMatch('SignatureDoesNotMatch')!.statuses).toEqual([400, 403]);
    expect(byMatch('InvalidAccessKeyId.NotFound')!.statuses).toEqual([404, 400]);
    expect(byMatch('ServiceUnavailable')).toMatchObject({ retry: 'ambiguous', statuses: [503] });
    expect(byMatch('InternalError')).toMatchObject({ retry: 'ambiguous', statuses: [500] });
  });

  it('keeps the RAM metadata, with the unstated access level said as such', () => {
    expect(operation.ram).toMatchObject({
      action: 'ecd:GetAuthCode',
      accessLevel: 'Not stated upstream.',
      resourceType: '*All Resource',
      conditionKeys: [],
      dependentActions: [],
    });
  });

  it('keeps the endpoints and the default region', () => {
    expect(ir.endpoints.defaultRegionId).toBe('cn-shanghai');
    expect(ir.endpoints.servers.map((s) => s.url)).toContain('https://appstream-center.ap-southeast-1.aliyuncs.com');
  });

  it('marks AuthCode as a secret', () => {
    const authModel = schema('AuthModel') as ObjectSchema;
    expect(authModel.properties.find((p) => p.name === 'AuthCode')!.schema.secret).toBe(true);
  });
});

describe('the spec text itself', () => {
  const spec = parse(realSpecText());
  const request = spec.components.schemas.GetAuthCodeRequest;

  it('says ExternalUserId and EndUserId cannot both be empty, each branch requiring a non-empty value', () => {
    expect(request.anyOf).toEqual([
      { required: ['ExternalUserId'], properties: { ExternalUserId: { minLength: 1 } } },
      { required: ['EndUserId'], properties: { EndUserId: { minLength: 1 } } },
    ]);
    expect(request.required).toBeUndefined();
    expect(request.additionalProperties).toBe(false);
  });

  it('keeps the seed Policy example as a JSON string', () => {
    expect(typeof request.properties.Policy.example).toBe('string');
    expect(JSON.parse(request.properties.Policy.example)).toEqual({ Version: '1', Resource: { Type: 'AppInstanceGroup', Id: 'aig-9ciijz60n4xsv****' } });
  });
});

describe('spec problems the IR builder names', () => {
  it('a missing operationId', () => {
    const error = irError(minimalSpecWith((spec) => delete spec.paths['/'].post.operationId));
    expect(error.pointer).toBe('#/paths/~1/post');
    expect(error.problem).toMatch(/missing operationId/);
    expect(error.line).toBeGreaterThan(0);
  });

  it('an unknown type', () => {
    const error = irError(minimalSpecWith((spec) => (spec.components.schemas.PingRequest.properties.Name = { type: 'text' })));
    expect(error.pointer).toBe('#/components/schemas/PingRequest/properties/Name/type');
    expect(error.problem).toMatch(/unknown type "text"/);
  });

  it('an anyOf of an unsupported form', () => {
    const error = irError(minimalSpecWith((spec) => (spec.components.schemas.PingRequest.anyOf = [{ required: ['Name'] }, { required: ['Name'] }])));
    expect(error.pointer).toBe('#/components/schemas/PingRequest/anyOf/0');
  });

  it('an error entry with an unknown retry class', () => {
    const error = irError(minimalSpecWith((spec) => (spec.paths['/'].post['x-acs-error-codes'][0].retry = 'sometimes')));
    expect(error.pointer).toBe('#/paths/~1/post/x-acs-error-codes/0/retry');
  });

  it('a recursive schema', () => {
    const error = irError(minimalSpecWith((spec) => (spec.components.schemas.PingResponse.properties.Next = { $ref: '#/components/schemas/PingResponse' })));
    expect(error.pointer).toBe('#/components/schemas/PingResponse');
    expect(error.problem).toMatch(/recursive/);
  });

  it('a component name that is not an identifier', () => {
    const error = irError(minimalSpecWith((spec) => (spec.components.schemas['Ping-Extra'] = { type: 'string' })));
    expect(error.pointer).toBe('#/components/schemas/Ping-Extra');
  });

  it('two declarations with one generated name', () => {
    const error = irError(
      minimalSpecWith((spec) => {
        spec.components.schemas.PingRequest.properties.Type = { type: 'string', enum: ['A'] };
        spec.components.schemas.PingRequestType = { type: 'string' };
      }),
    );
    expect(error.problem).toMatch(/PingRequestType is declared twice/);
  });

  it('a pattern that is not a regular expression', () => {
    const error = irError(minimalSpecWith((spec) => (spec.components.schemas.PingRequest.properties.Name.pattern = '[a-')));
    expect(error.pointer).toBe('#/components/schemas/PingRequest/properties/Name/pattern');
  });

  it('an operation parameter (query parameters are not supported yet)', () => {
    const error = irError(minimalSpecWith((spec) => (spec.paths['/'].post.parameters = [{ name: 'TokenType', in: 'query', schema: { type: 'string' } }])));
    expect(error.pointer).toBe('#/paths/~1/post/parameters');
  });

  it('an OpenAPI version other than 3.0.x', () => {
    expect(irError(minimalSpecWith((spec) => (spec.openapi = '3.1.0'))).pointer).toBe('#/openapi');
  });
});
