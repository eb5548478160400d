import { isRecord, resolveRef, type LoadedSpec } from '../load/read-spec.js';
import { fromPointer } from '../load/spec-error.js';
import type { PropertyNode, SchemaMeta, SchemaNode } from './types.js';

type Path = readonly (string | number)[];

const COMPONENT_SCHEMA_PREFIX = '#/components/schemas/';
const KNOWN_TYPES = new Set(['string', 'boolean', 'integer', 'number', 'array', 'object']);
const KNOWN_STRING_FORMATS = new Set(['date-time']);

/** Converts the schema object at `path` into a SchemaNode; component refs stay by name. */
export function toSchemaNode(spec: LoadedSpec, value: unknown, path: Path): SchemaNode {
  if (!isRecord(value)) throw spec.error(path, 'a schema must be a mapping');
  if ('$ref' in value) return refNode(spec, value.$ref, [...path, '$ref']);
  const meta = schemaMeta(value);
  const type = value.type;
  if (type === undefined) {
    if ('properties' in value) return objectNode(spec, value, path, meta);
    return { kind: 'unknown', ...meta };
  }
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) {
    throw spec.error([...path, 'type'], `unknown type ${JSON.stringify(type)} (expected one of ${[...KNOWN_TYPES].join(', ')})`);
  }
  switch (type) {
    case 'string':
      return stringNode(spec, value, path, meta);
    case 'boolean':
      return { kind: 'boolean', ...meta };
    case 'integer':
    case 'number':
      return {
        kind: type,
        ...meta,
        ...optionalNumber(spec, value, path, 'minimum'),
        ...optionalNumber(spec, value, path, 'maximum'),
      };
    case 'array':
      return { kind: 'array', ...meta, items: toSchemaNode(spec, value.items, [...path, 'items']) };
    default:
      return objectNode(spec, value, path, meta);
  }
}

/** The name of the component schema a `$ref` points at. */
export function componentName(spec: LoadedSpec, ref: unknown, refPath: Path): string {
  resolveRef(spec, ref, refPath);
  const pointer = ref as string;
  if (!pointer.startsWith(COMPONENT_SCHEMA_PREFIX) || fromPointer(pointer).length !== 3) {
    throw spec.error(refPath, `a schema $ref must point at ${COMPONENT_SCHEMA_PREFIX}<Name>, got ${pointer}`);
  }
  return fromPointer(pointer)[2] as string;
}

function refNode(spec: LoadedSpec, ref: unknown, refPath: Path): SchemaNode {
  return { kind: 'ref', name: componentName(spec, ref, refPath) };
}

function schemaMeta(value: Record<string, unknown>): SchemaMeta {
  return {
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
    ...('example' in value ? { example: value.example } : {}),
    ...('default' in value ? { default: value.default } : {}),
    ...(value['x-acs-secret'] === true ? { secret: true } : {}),
  };
}

function stringNode(spec: LoadedSpec, value: Record<string, unknown>, path: Path, meta: SchemaMeta): SchemaNode {
  const format = value.format;
  if (format !== undefined && (typeof format !== 'string' || !KNOWN_STRING_FORMATS.has(format))) {
    throw spec.error([...path, 'format'], `unsupported string format ${JSON.stringify(format)} (supported: date-time)`);
  }
  const enumValues = value.enum;
  if (enumValues !== undefined && (!Array.isArray(enumValues) || !enumValues.every((v) => typeof v === 'string'))) {
    throw spec.error([...path, 'enum'], 'a string enum must be a list of strings');
  }
  return {
    kind: 'string',
    ...meta,
    ...(enumValues ? { enum: enumValues as string[] } : {}),
    ...(format ? { format: 'date-time' as const } : {}),
    ...optionalNumber(spec, value, path, 'minLength'),
    ...optionalNumber(spec, value, path, 'maxLength'),
    ...patternOf(spec, value, path),
    ...contentOf(spec, value, path),
  };
}

function patternOf(spec: LoadedSpec, value: Record<string, unknown>, path: Path): { pattern?: string } {
  if (value.pattern === undefined) return {};
  if (typeof value.pattern !== 'string') throw spec.error([...path, 'pattern'], 'pattern must be a string');
  try {
    new RegExp(value.pattern, 'u');
  } catch (error) {
    throw spec.error([...path, 'pattern'], `pattern is not a valid regular expression (${(error as Error).message})`);
  }
  return { pattern: value.pattern };
}

function contentOf(spec: LoadedSpec, value: Record<string, unknown>, path: Path) {
  const contentSchema = value['x-acs-content-schema'];
  if (contentSchema === undefined) return {};
  const mediaType = value['x-acs-content-media-type'] ?? 'application/json';
  if (mediaType !== 'application/json') {
    throw spec.error([...path, 'x-acs-content-media-type'], `unsupported content media type ${JSON.stringify(mediaType)}`);
  }
  return {
    content: { mediaType, schema: toSchemaNode(spec, contentSchema, [...path, 'x-acs-content-schema']) },
  } as const;
}

function optionalNumber<K extends string>(spec: LoadedSpec, value: Record<string, unknown>, path: Path, key: K) {
  const n = value[key];
  if (n === undefined) return {};
  if (typeof n !== 'number' || !Number.isFinite(n)) throw spec.error([...path, key], `${key} must be a number`);
  return { [key]: n } as { [P in K]: number };
}

function objectNode(spec: LoadedSpec, value: Record<string, unknown>, path: Path, meta: SchemaMeta): SchemaNode {
  const properties = value.properties ?? {};
  if (!isRecord(properties)) throw spec.error([...path, 'properties'], 'properties must be a mapping');
  const required = stringList(spec, value.required ?? [], [...path, 'required']);
  for (const [index, name] of required.entries()) {
    if (!(name in properties)) throw spec.error([...path, 'required', index], `required names an undeclared property ${name}`);
  }
  const additional = value.additionalProperties ?? true;
  if (typeof additional !== 'boolean') {
    throw spec.error([...path, 'additionalProperties'], 'additionalProperties must be true or false');
  }
  const nodes: PropertyNode[] = Object.entries(properties).map(([name, schema]) => ({
    name,
    required: required.includes(name),
    schema: toSchemaNode(spec, schema, [...path, 'properties', name]),
  }));
  const oneNonEmpty = value.anyOf === undefined ? undefined : requireOneNonEmpty(spec, value.anyOf, [...path, 'anyOf'], properties);
  const isComponentRoot = path.length === 3 && path[0] === 'components' && path[1] === 'schemas';
  if (oneNonEmpty && !isComponentRoot) throw spec.error([...path, 'anyOf'], 'anyOf is supported only at the root of a component schema');
  return {
    kind: 'object',
    ...meta,
    properties: nodes,
    additionalProperties: additional,
    ...(oneNonEmpty ? { requireOneNonEmpty: oneNonEmpty } : {}),
  };
}

/**
 * Reads `anyOf` as "at least one of these fields is non-empty". Only that form is supported:
 * each branch requires one declared string property and gives it `minLength: 1`.
 */
function requireOneNonEmpty(spec: LoadedSpec, anyOf: unknown, path: Path, properties: Record<string, unknown>): string[] {
  if (!Array.isArray(anyOf) || anyOf.length < 2) throw spec.error(path, 'anyOf must list at least two branches');
  return anyOf.map((branch, index) => {
    const branchPath = [...path, index];
    const field = isRecord(branch) && Array.isArray(branch.required) && branch.required.length === 1 ? branch.required[0] : undefined;
    const constraint = isRecord(branch) && isRecord(branch.properties) ? branch.properties[String(field)] : undefined;
    const keys = isRecord(branch) ? Object.keys(branch).sort().join(',') : '';
    if (typeof field !== 'string' || keys !== 'properties,required' || !isRecord(constraint) || constraint.minLength !== 1) {
      throw spec.error(branchPath, 'unsupported anyOf branch: expected {required: [Name], properties: {Name: {minLength: 1}}}');
    }
    if (!(field in properties)) throw spec.error(branchPath, `anyOf names an undeclared property ${field}`);
    return field;
  });
}

function stringList(spec: LoadedSpec, value: unknown, path: Path): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw spec.error(path, 'expected a list of strings');
  }
  return value as string[];
}

/** The names of the component schemas a node refers to, directly or through content schemas. */
export function referencedNames(node: SchemaNode): string[] {
  switch (node.kind) {
    case 'ref':
      return [node.name];
    case 'array':
      return referencedNames(node.items);
    case 'object':
      return node.properties.flatMap((property) => referencedNames(property.schema));
    case 'string':
      return node.content ? referencedNames(node.content.schema) : [];
    default:
      return [];
  }
}
