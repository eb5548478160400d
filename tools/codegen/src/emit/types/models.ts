import { StructureKind } from 'ts-morph';
import type { ApiIR, NamedSchema, ObjectSchema, SchemaNode } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { docText } from '../jsdoc.js';
import { exportedConst, renderSourceFile, type Statement } from '../source-file.js';
import { enumDeclarations, enumTypeName, enumValuesName, fieldsTypeName, propertyKey } from '../../names.js';

export const MODELS_MODULE = 'models';

/** TypeScript types for every named schema, with JSDoc from the spec. */
export function emitModels(ir: ApiIR, folder: string): GeneratedFile {
  const statements = ir.schemas.flatMap((schema) => [...enumStatements(schema), ...schemaStatements(schema)]);
  return renderSourceFile(`${folder}/${MODELS_MODULE}.ts`, ir.source, statements);
}

/** The names this module exports, as values and as types. */
export function modelExports(ir: ApiIR): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const schema of ir.schemas) {
    for (const declaration of enumDeclarations(schema)) {
      types.push(declaration.typeName);
      values.push(enumValuesName(declaration.typeName));
    }
    if (schema.schema.kind === 'object' && schema.schema.requireOneNonEmpty) types.push(fieldsTypeName(schema.name));
    if (!(schema.schema.kind === 'string' && schema.schema.enum)) types.push(schema.name);
  }
  return { values, types };
}

function enumStatements(schema: NamedSchema): Statement[] {
  return enumDeclarations(schema).flatMap((declaration) => {
    const docs = docsOf(declaration.description === undefined ? {} : { description: declaration.description });
    return [
      exportedConst(
        enumValuesName(declaration.typeName),
        `${JSON.stringify(declaration.values)} as const`,
        `The values of {@link ${declaration.typeName}}, in spec order.`,
      ),
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: declaration.typeName,
        docs,
        type: `(typeof ${enumValuesName(declaration.typeName)})[number]`,
      },
    ];
  });
}

function schemaStatements(schema: NamedSchema): Statement[] {
  const node = schema.schema;
  if (node.kind === 'string' && node.enum) return [];
  const docs = docsOf(node);
  if (node.kind !== 'object') {
    return [{ kind: StructureKind.TypeAlias, isExported: true, name: schema.name, docs, type: typeExpression(node, schema.name) }];
  }
  if (!node.requireOneNonEmpty) return [interfaceOf(schema.name, schema.name, node, docs)];
  const fieldsName = fieldsTypeName(schema.name);
  const branches = node.requireOneNonEmpty.map((field) => `{ ${propertyKey(field)}: string }`).join(' | ');
  return [
    interfaceOf(fieldsName, schema.name, node, [`The fields of {@link ${schema.name}}, before the rule that ${node.requireOneNonEmpty.join(' and ')} cannot all be empty.`]),
    { kind: StructureKind.TypeAlias, isExported: true, name: schema.name, docs, type: `${fieldsName} & (${branches})` },
  ];
}

function interfaceOf(name: string, owner: string, node: ObjectSchema, docs: string[]): Statement {
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    docs,
    properties: node.properties.map((property) => ({
      name: propertyKey(property.name),
      hasQuestionToken: !property.required,
      // `| undefined` matches what zod's optional() accepts and outputs, also under exactOptionalPropertyTypes.
      type: `${typeExpression(property.schema, owner, property.name)}${property.required ? '' : ' | undefined'}`,
      docs: docsOf(property.schema),
    })),
    // An open object (additionalProperties: true) keeps unknown keys, and zod's looseObject types them so.
    indexSignatures: node.additionalProperties ? [{ keyName: 'key', keyType: 'string', returnType: 'unknown' }] : [],
  };
}

/** The TypeScript type of a schema node; enums under a named owner use their declared name. */
export function typeExpression(node: SchemaNode, owner: string, property?: string): string {
  switch (node.kind) {
    case 'ref':
      return node.name;
    case 'string':
      if (!node.enum) return 'string';
      return property === undefined ? node.enum.map((value) => JSON.stringify(value)).join(' | ') : enumTypeName(owner, property);
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'array':
      return `${typeExpression(node.items, owner)}[]`;
    case 'object':
      return `{ ${node.properties.map((p) => `${propertyKey(p.name)}${p.required ? '' : '?'}: ${typeExpression(p.schema, owner)}`).join('; ')} }`;
    case 'unknown':
      return 'unknown';
  }
}

function docsOf(node: SchemaNode | { description?: string }): string[] {
  const text = docText({
    ...node,
    ...('kind' in node && node.kind === 'string' && node.format ? { format: node.format } : {}),
  });
  return text === undefined ? [] : [text];
}
