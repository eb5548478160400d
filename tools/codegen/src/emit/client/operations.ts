import { StructureKind } from 'ts-morph';
import type { ApiIR, NamedSchema, OperationNode, SchemaNode } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { docText } from '../jsdoc.js';
import { toLiteral } from '../literal.js';
import { blankLine, exportedConst, renderSourceFile, type Statement } from '../source-file.js';
import { fieldsTypeName, lowerFirst, propertyKey, schemaConstName } from '../../names.js';

export const OPERATIONS_MODULE = 'operations';

/** Per operation: the wire definition the hand-written runtime executes, and the caller's input type. */
export function emitOperations(ir: ApiIR, folder: string, typesPackage: string): GeneratedFile {
  const typeImports = new Set<string>();
  const valueImports = new Set<string>();
  const body = ir.operations.flatMap((operation) => {
    valueImports.add(schemaConstName(operation.request.schemaName));
    valueImports.add(schemaConstName(operation.response.schemaName));
    return [inputType(ir, operation, typeImports), definitionConst(ir, operation)];
  });
  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: typesPackage, namedImports: [...valueImports, ...[...typeImports].map((name) => ({ name, isTypeOnly: true }))] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../runtime/operation.js', namedImports: [{ name: 'OperationDefinition', isTypeOnly: true }] },
    blankLine,
    ...body,
  ];
  return renderSourceFile(`${folder}/${OPERATIONS_MODULE}.ts`, ir.source, statements);
}

export function inputTypeName(operation: OperationNode): string {
  return `${operation.operationId}Input`;
}

export function definitionName(operation: OperationNode): string {
  return `${lowerFirst(operation.operationId)}Definition`;
}

export function operationExports(ir: ApiIR): { values: string[]; types: string[] } {
  return { values: ir.operations.map(definitionName), types: ir.operations.map(inputTypeName) };
}

/**
 * The request as callers write it: the wire request, except that a JSON-content string field
 * also takes its document as an object (the runtime serializes it in the spec's key order).
 */
function inputType(ir: ApiIR, operation: OperationNode, typeImports: Set<string>): Statement {
  const request = namedSchema(ir, operation.request.schemaName).schema;
  const jsonFields = operation.request.parameters.flatMap((p) => (p.schema.kind === 'string' && p.schema.content?.schema.kind === 'ref' ? [[p.name, p.schema.content.schema.name] as const] : []));
  jsonFields.forEach(([, documentType]) => typeImports.add(documentType));
  const eitherOr = request.kind === 'object' ? request.requireOneNonEmpty : undefined;
  const base = eitherOr ? fieldsTypeName(operation.request.schemaName) : operation.request.schemaName;
  typeImports.add(base);
  const parts = [jsonFields.length === 0 ? base : `Omit<${base}, ${jsonFields.map(([name]) => JSON.stringify(name)).join(' | ')}>`];
  if (jsonFields.length > 0) parts.push(`{ ${jsonFields.map(([name, type]) => `${propertyKey(name)}?: string | ${type} | undefined`).join('; ')} }`);
  if (eitherOr) parts.push(`(${eitherOr.map((field) => `{ ${propertyKey(field)}: string }`).join(' | ')})`);
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: inputTypeName(operation),
    docs: [`The ${operation.operationId} request as callers write it. JSON-content fields also take their document as an object.`],
    type: parts.join(' & '),
  };
}

function definitionConst(ir: ApiIR, operation: OperationNode): Statement {
  const byLocation = (location: 'body' | 'query') =>
    operation.request.parameters
      .filter((p) => p.in === location)
      .map((p) => p.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const jsonFields = Object.fromEntries(
    operation.request.parameters.flatMap((p) => (p.schema.kind === 'string' && p.schema.content ? [[p.name, keyOrder(ir, p.schema.content.schema)]] : [])),
  );
  const plain = {
    operationId: operation.operationId,
    action: operation.action,
    version: operation.version,
    method: operation.method,
    path: operation.path,
    mediaType: operation.request.mediaType,
    bodyFields: byLocation('body'),
    queryFields: byLocation('query'),
    jsonFields,
  };
  const literal = toLiteral(plain).replace(/\n}$/, '');
  const references = [
    `  requestSchema: ${schemaConstName(operation.request.schemaName)},`,
    `  responseSchema: ${schemaConstName(operation.response.schemaName)},`,
    `  retryClasses: ${JSON.stringify(retryClasses(operation))},`,
    `  secretResponsePaths: ${JSON.stringify(secretPaths(ir, { kind: 'ref', name: operation.response.schemaName }))},`,
  ];
  const doc = docText({ description: [operation.summary, `Body fields are encoded in alphabetical order, as the official SDKs send them.`].filter(Boolean).join('\n\n') });
  return exportedConst(definitionName(operation), `${literal}\n${references.join('\n')}\n} as const satisfies OperationDefinition`, doc);
}

/**
 * The error table reduced to what the retry logic reads, grouped by class: exact codes, and
 * prefixes written `Prefix*`. Compact because it ships in every edge bundle.
 */
function retryClasses(operation: OperationNode): Record<string, string[]> {
  const classes: Record<string, string[]> = { never: [], safe: [], ambiguous: [] };
  for (const entry of operation.errorCodes) {
    classes[entry.retry]!.push('code' in entry.match ? entry.match.code : `${entry.match.prefix}*`);
  }
  return classes;
}

/** The spec's property order of a JSON document, nested, for serializing caller objects. */
function keyOrder(ir: ApiIR, node: SchemaNode): Record<string, unknown> {
  const resolved = node.kind === 'ref' ? namedSchema(ir, node.name).schema : node;
  if (resolved.kind !== 'object') return {};
  return Object.fromEntries(resolved.properties.map((p) => [p.name, keyOrder(ir, p.schema)]));
}

/** Paths of `x-acs-secret` fields in a response, through refs. */
function secretPaths(ir: ApiIR, node: SchemaNode, prefix: string[] = []): string[][] {
  const resolved = node.kind === 'ref' ? namedSchema(ir, node.name).schema : node;
  if (resolved.kind !== 'object') return [];
  return resolved.properties.flatMap((p) => (p.schema.secret ? [[...prefix, p.name]] : secretPaths(ir, p.schema, [...prefix, p.name])));
}

function namedSchema(ir: ApiIR, name: string): NamedSchema {
  const found = ir.schemas.find((schema) => schema.name === name);
  if (!found) throw new Error(`the IR has no schema ${name}`);
  return found;
}
