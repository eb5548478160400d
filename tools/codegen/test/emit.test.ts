// Given/want tests of the small emit functions, one behaviour each.
import { describe, expect, it } from 'vitest';
import { kebabCase } from '../src/emit/client/cli-flags.js';
import { markPure } from '../src/emit/types/zod-schemas.js';
import { docText, escapeDocText } from '../src/emit/jsdoc.js';
import { toLiteral } from '../src/emit/literal.js';
import { typeExpression } from '../src/emit/types/models.js';
import { zodExpression } from '../src/emit/types/zod-schemas.js';
import type { SchemaNode } from '../src/ir/types.js';

describe('zodExpression', () => {
  const cases: [string, SchemaNode, string][] = [
    ['a plain string', { kind: 'string' }, 'z.string()'],
    ['a non-empty string', { kind: 'string', minLength: 1 }, 'z.string().check(z.minLength(1))'],
    ['a date-time', { kind: 'string', format: 'date-time' }, 'z.string().check(isoDateTime())'],
    ['an inline enum', { kind: 'string', enum: ['A', 'B'] }, 'z.enum(["A","B"])'],
    ['a JSON-content string', { kind: 'string', content: { mediaType: 'application/json', schema: { kind: 'ref', name: 'Doc' } } }, 'z.string().check(jsonContent(DocSchema))'],
    ['a boolean', { kind: 'boolean' }, 'z.boolean()'],
    ['a bounded integer', { kind: 'integer', minimum: 1, maximum: 9 }, 'z.int().check(z.gte(1), z.lte(9))'],
    ['an array', { kind: 'array', items: { kind: 'string' } }, 'z.array(z.string())'],
    ['a ref', { kind: 'ref', name: 'Thing' }, 'ThingSchema'],
    ['an untyped value', { kind: 'unknown' }, 'z.unknown()'],
    [
      'a closed object with an optional field',
      { kind: 'object', additionalProperties: false, properties: [{ name: 'a', required: false, schema: { kind: 'string' } }] },
      'z.strictObject({\n  a: z.optional(z.string()),\n})',
    ],
    [
      'an open object with a required field',
      { kind: 'object', additionalProperties: true, properties: [{ name: 'a-b', required: true, schema: { kind: 'boolean' } }] },
      'z.looseObject({\n  "a-b": z.boolean(),\n})',
    ],
  ];
  it.each(cases)('%s', (_name, given, want) => {
    expect(zodExpression(given, 'Owner')).toBe(want);
  });

  it('uses the declared values of an enum at a named position', () => {
    expect(zodExpression({ kind: 'string', enum: ['A'] }, 'Owner', 'OwnerKind')).toBe('z.enum(ownerKindValues)');
  });
});

describe('typeExpression', () => {
  const cases: [string, SchemaNode, string][] = [
    ['a string', { kind: 'string' }, 'string'],
    ['a nested enum', { kind: 'string', enum: ['A', 'B'] }, '"A" | "B"'],
    ['a number', { kind: 'number' }, 'number'],
    ['an array of refs', { kind: 'array', items: { kind: 'ref', name: 'X' } }, 'X[]'],
    ['an unknown', { kind: 'unknown' }, 'unknown'],
    [
      'an inline object',
      { kind: 'object', additionalProperties: true, properties: [{ name: 'a', required: false, schema: { kind: 'boolean' } }] },
      '{ a?: boolean }',
    ],
  ];
  it.each(cases)('%s', (_name, given, want) => {
    expect(typeExpression(given, 'Owner')).toBe(want);
  });

  it('names an enum under a property after its owner', () => {
    expect(typeExpression({ kind: 'string', enum: ['A'] }, 'Policy', 'Type')).toBe('PolicyType');
  });
});

describe('JSDoc text', () => {
  it('escapes a comment terminator from the spec', () => {
    expect(escapeDocText('a */ b')).toBe('a *\\/ b');
  });

  it('puts description, format, default and example in that order', () => {
    expect(docText({ description: 'D', format: 'date-time', default: false, example: 'x' })).toBe('D\n@format date-time\n@default false\n@example x');
  });

  it('writes object examples as JSON', () => {
    expect(docText({ example: { a: 1 } })).toBe('@example {"a":1}');
  });

  it('is absent when the spec says nothing', () => {
    expect(docText({})).toBeUndefined();
  });
});

describe('toLiteral', () => {
  it('prints identifier keys bare, others quoted, and drops undefined', () => {
    expect(toLiteral({ a: 1, 'b-c': ['x'], d: undefined })).toBe('{\n  a: 1,\n  "b-c": [\n    "x",\n  ],\n}');
  });

  it('prints empty containers compactly', () => {
    expect(toLiteral({ a: [], b: {} })).toBe('{\n  a: [],\n  b: {},\n}');
  });
});

describe('kebabCase (CLI flag names)', () => {
  it.each([
    ['ExternalUserId', 'external-user-id'],
    ['AutoCreateUser', 'auto-create-user'],
    ['Policy', 'policy'],
    ['URLToken', 'url-token'],
    ['AdDomain', 'ad-domain'],
  ])('%s → %s', (given, want) => {
    expect(kebabCase(given)).toBe(want);
  });
});

describe('markPure', () => {
  it('marks every zod and check call, and nothing else', () => {
    expect(markPure('z.optional(z.string().check(jsonContent(DocSchema)), other(1))')).toBe(
      '/* @__PURE__ */ z.optional(/* @__PURE__ */ z.string().check(/* @__PURE__ */ jsonContent(DocSchema)), other(1))',
    );
  });
});
