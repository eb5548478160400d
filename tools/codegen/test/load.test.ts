import { describe, expect, it } from 'vitest';
import { parseSpec } from '../src/load/read-spec.js';
import { SpecError, fromPointer, toPointer } from '../src/load/spec-error.js';
import { minimalSpecWith } from './spec-fixtures.js';

function specError(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('loading a spec', () => {
  it('reports invalid YAML with the file and line', () => {
    const error = specError(() => parseSpec('spec/x.yaml', 'openapi: 3.0.3\ninfo: [unclosed\n'));
    expect(error.file).toBe('spec/x.yaml');
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(error.message).toMatch(/^spec\/x\.yaml:\d+ at #: invalid YAML/);
  });

  it('reports a $ref that does not resolve, with its pointer and line', () => {
    const text = minimalSpecWith((spec) => {
      spec.components.schemas.PingResponse.properties.RequestId = { $ref: '#/components/schemas/Nope' };
    });
    const error = specError(() => parseSpec('s.yaml', text));
    expect(error.pointer).toBe('#/components/schemas/PingResponse/properties/RequestId/$ref');
    expect(error.problem).toBe('$ref #/components/schemas/Nope does not resolve');
    expect(text.split('\n')[(error.line as number) - 1]).toContain('$ref');
  });

  it('refuses a $ref to another file or URL instead of fetching it', () => {
    const text = minimalSpecWith((spec) => {
      spec.components.schemas.PingRequest = { $ref: 'https://example.com/schema.yaml' };
    });
    expect(specError(() => parseSpec('s.yaml', text)).problem).toMatch(/only local \$refs/);
  });

  it('reports a $ref that is not a valid JSON pointer', () => {
    const text = minimalSpecWith((spec) => {
      spec.components.schemas.PingRequest.properties.Name = { $ref: '#/components/schemas/%E0' };
    });
    expect(specError(() => parseSpec('s.yaml', text)).problem).toMatch(/not a valid JSON pointer/);
  });

  it('rejects a document that is not a mapping', () => {
    expect(specError(() => parseSpec('s.yaml', '- 1\n- 2\n')).problem).toBe('the document must be a mapping');
  });
});

describe('JSON pointers', () => {
  it('escape ~ and / both ways', () => {
    const path = ['paths', '/', 'a~b'];
    expect(toPointer(path)).toBe('#/paths/~1/a~0b');
    expect(fromPointer(toPointer(path))).toEqual(path);
  });
});
