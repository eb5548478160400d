import { StructureKind } from 'ts-morph';
import type { ApiIR, NamedSchema, ObjectSchema, SchemaNode, StringSchema } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { exportedConst, renderSourceFile, type Statement } from '../source-file.js';
import { MODELS_MODULE } from './models.js';
import { enumDeclarations, enumTypeName, enumValuesName, propertyKey, schemaConstName } from '../../names.js';

export const SCHEMAS_MODULE = 'schemas';
/** Where the hand-written checks live, relative to the generated folder. */
export const CHECKS_MODULE = '../runtime/checks.js';

/** zod/mini schemas for every named schema, in dependency order. */
export function emitZodSchemas(ir: ApiIR, folder: string): GeneratedFile {
  const checks = usedChecks(ir.schemas);
  const enumValues = ir.schemas.flatMap((schema) => enumDeclarations(schema).map((d) => enumValuesName(d.typeName)));
  const imports: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: 'zod/mini', namespaceImport: 'z' },
  ];
  if (checks.length > 0) imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: CHECKS_MODULE, namedImports: checks });
  if (enumValues.length > 0) {
    imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: `./${MODELS_MODULE}.js`, namedImports: enumValues });
  }
  return renderSourceFile(`${folder}/${SCHEMAS_MODULE}.ts`, ir.source, [...imports, ...ir.schemas.map(schemaStatement)]);
}

export function zodSchemaExports(ir: ApiIR): string[] {
  return ir.schemas.map((schema) => schemaConstName(schema.name));
}

function schemaStatement(schema: NamedSchema): Statement {
  return exportedConst(
    schemaConstName(schema.name),
    markPure(namedSchemaExpression(schema)),
    `Validates {@link ${schema.name}}. Issues carry codes and paths; zod/mini adds no English messages.`,
  );
}

/** The zod/mini expression of a named schema: enums at its root or its properties are declared. */
export function namedSchemaExpression(schema: NamedSchema): string {
  const node = schema.schema;
  if (node.kind === 'object') return objectExpression(node, schema.name, (property) => enumTypeName(schema.name, property));
  return zodExpression(node, schema.name, schema.name);
}

/**
 * The zod/mini expression for a node inside the named schema `owner`. `enumName` is the declared
 * type of an enum at this position; enums nested deeper are written inline.
 */
export function zodExpression(node: SchemaNode, owner: string, enumName?: string): string {
  switch (node.kind) {
    case 'ref':
      return schemaConstName(node.name);
    case 'string':
      return stringExpression(node, owner, enumName);
    case 'boolean':
      return 'z.boolean()';
    case 'integer':
    case 'number':
      return withChecks(node.kind === 'integer' ? 'z.int()' : 'z.number()', [
        node.minimum === undefined ? undefined : `z.gte(${node.minimum})`,
        node.maximum === undefined ? undefined : `z.lte(${node.maximum})`,
      ]);
    case 'array':
      return `z.array(${zodExpression(node.items, owner)})`;
    case 'object':
      return objectExpression(node, owner, () => undefined);
    case 'unknown':
      return 'z.unknown()';
  }
}

function objectExpression(node: ObjectSchema, owner: string, enumNameOf: (property: string) => string | undefined): string {
  const shape = node.properties.map((p) => {
    const value = zodExpression(p.schema, owner, enumNameOf(p.name));
    return `  ${propertyKey(p.name)}: ${p.required ? value : `z.optional(${value})`},\n`;
  });
  const base = `z.${node.additionalProperties ? 'looseObject' : 'strictObject'}({\n${shape.join('')}})`;
  if (!node.requireOneNonEmpty) return base;
  return `${base}.check(requireOneNonEmpty(${JSON.stringify(node.requireOneNonEmpty)}))`;
}

function stringExpression(node: StringSchema, owner: string, enumName?: string): string {
  if (node.enum) return `z.enum(${enumName === undefined ? JSON.stringify(node.enum) : enumValuesName(enumName)})`;
  return withChecks('z.string()', [
    node.format === 'date-time' ? 'isoDateTime()' : undefined,
    node.minLength === undefined ? undefined : `z.minLength(${node.minLength})`,
    node.maxLength === undefined ? undefined : `z.maxLength(${node.maxLength})`,
    node.pattern === undefined ? undefined : `z.regex(new RegExp(${JSON.stringify(node.pattern)}, "u"))`,
    node.content ? `jsonContent(${zodExpression(node.content.schema, owner)})` : undefined,
  ]);
}

function withChecks(base: string, checks: (string | undefined)[]): string {
  const present = checks.filter((check): check is string => check !== undefined);
  return present.length === 0 ? base : `${base}.check(${present.join(', ')})`;
}

/**
 * Marks every call as pure so that bundlers drop the schemas an app never uses: a bundler cannot
 * know that zod's constructors have no side effects, and an unmarked inner call keeps its
 * whole schema alive.
 */
export function markPure(expression: string): string {
  return expression.replace(/\b(z\.[A-Za-z.]+|jsonContent|requireOneNonEmpty|isoDateTime)\(/g, '/* @__PURE__ */ $1(');
}

/** The hand-written checks the emitted schemas call, so that only those are imported. */
function usedChecks(schemas: readonly NamedSchema[]): string[] {
  const used = new Set<string>();
  const visit = (node: SchemaNode): void => {
    if (node.kind === 'object') {
      if (node.requireOneNonEmpty) used.add('requireOneNonEmpty');
      node.properties.forEach((p) => visit(p.schema));
    } else if (node.kind === 'array') visit(node.items);
    else if (node.kind === 'string') {
      if (node.format === 'date-time') used.add('isoDateTime');
      if (node.content) {
        used.add('jsonContent');
        visit(node.content.schema);
      }
    }
  };
  schemas.forEach((schema) => visit(schema.schema));
  return [...used].sort();
}
