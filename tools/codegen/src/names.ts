// Names of the declarations the emitters write, derived from the IR; build-ir checks them for collisions.
import type { NamedSchema, PropertyNode } from './ir/types.js';

/** The zod schema constant for a named schema: `PolicyDocument` → `PolicyDocumentSchema`. */
export function schemaConstName(schemaName: string): string {
  return `${schemaName}Schema`;
}

/** The type name of an inline string enum: `PolicyResource.Type` → `PolicyResourceType`. */
export function enumTypeName(owner: string, property?: string): string {
  return property === undefined ? owner : `${owner}${property}`;
}

/** The constant holding an enum's values: `PolicyResourceType` → `policyResourceTypeValues`. */
export function enumValuesName(typeName: string): string {
  return `${lowerFirst(typeName)}Values`;
}

/** camelCase from PascalCase: `GetAuthCode` → `getAuthCode`; value and method names start with it. */
export function lowerFirst(name: string): string {
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}

/** The type listing a `requireOneNonEmpty` object's fields, before the either/or rule applies. */
export function fieldsTypeName(schemaName: string): string {
  return `${schemaName}Fields`;
}

/** A string enum found in a named schema or directly under one of its properties. */
export interface EnumDeclaration {
  readonly typeName: string;
  readonly values: readonly string[];
  readonly description?: string;
}

/** The enums that get their own type: top-level string enums and enums of object properties. */
export function enumDeclarations(schema: NamedSchema): EnumDeclaration[] {
  const node = schema.schema;
  if (node.kind === 'string' && node.enum) {
    return [{ typeName: enumTypeName(schema.name), values: node.enum, ...describe(node.description) }];
  }
  if (node.kind !== 'object') return [];
  return node.properties.flatMap((property: PropertyNode) =>
    property.schema.kind === 'string' && property.schema.enum
      ? [{ typeName: enumTypeName(schema.name, property.name), values: property.schema.enum, ...describe(property.schema.description) }]
      : [],
  );
}

function describe(description: string | undefined): { description?: string } {
  return description === undefined ? {} : { description };
}

/** A property key as written in TypeScript: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
