import { isRecord, resolveRef, type LoadedSpec } from '../load/read-spec.js';
import { enumDeclarations, fieldsTypeName, schemaConstName } from '../names.js';
import { componentName, referencedNames, toSchemaNode } from './schema.js';
import type {
  ApiIR,
  ErrorCodeEntry,
  Example,
  NamedSchema,
  ObjectSchema,
  OperationNode,
  ParameterNode,
  RamMetadata,
  RetryClass,
  SchemaNode,
  SecurityScheme,
  Server,
} from './types.js';

type Path = readonly (string | number)[];
type SchemaIndex = ReadonlyMap<string, SchemaNode>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const FORM = 'application/x-www-form-urlencoded';
const RETRY_CLASSES: readonly RetryClass[] = ['never', 'safe', 'ambiguous'];

/** Builds the IR from a loaded spec; every problem is a SpecError naming its pointer. */
export function buildIR(spec: LoadedSpec, source: string): ApiIR {
  const root = spec.root;
  const openapi = root.openapi;
  if (typeof openapi !== 'string' || !/^3\.0\.\d+$/.test(openapi)) {
    throw spec.error(['openapi'], `expected OpenAPI 3.0.x, got ${JSON.stringify(openapi)}`);
  }
  const info = record(spec, root.info, ['info']);
  const schemas = namedSchemas(spec);
  return {
    source,
    title: text(spec, info.title, ['info', 'title']),
    product: text(spec, info['x-acs-product'], ['info', 'x-acs-product']),
    version: text(spec, info.version, ['info', 'version']),
    endpoints: {
      rule: text(spec, info['x-acs-endpoint-rule'], ['info', 'x-acs-endpoint-rule']),
      pattern: text(spec, info['x-acs-endpoint-pattern'], ['info', 'x-acs-endpoint-pattern']),
      defaultRegionId: text(spec, info['x-acs-default-region-id'], ['info', 'x-acs-default-region-id']),
      servers: servers(spec),
    },
    security: securitySchemes(spec),
    schemas,
    operations: operations(spec, new Map(schemas.map((s) => [s.name, s.schema]))),
  };
}

function namedSchemas(spec: LoadedSpec): NamedSchema[] {
  const components = record(spec, spec.root.components ?? {}, ['components']);
  const schemas = record(spec, components.schemas ?? {}, ['components', 'schemas']);
  const nodes = Object.entries(schemas).map(([name, schema]) => ({
    name,
    schema: toSchemaNode(spec, schema, ['components', 'schemas', name]),
  }));
  checkNames(spec, nodes);
  return dependencyOrder(spec, nodes);
}

/**
 * Component names become TypeScript identifiers, and each schema also declares `<Name>Schema`,
 * `<Name>Fields` and `<Name><Property>` enum types: a name that is not an identifier, or two
 * declarations with one name, would emit code that does not compile.
 */
function checkNames(spec: LoadedSpec, nodes: readonly NamedSchema[]): void {
  const declared = new Map<string, string>();
  const declare = (name: string, owner: string) => {
    const previous = declared.get(name);
    if (previous !== undefined) throw spec.error(['components', 'schemas', owner], `the generated name ${name} is declared twice (by ${previous} and by ${owner})`);
    declared.set(name, owner);
  };
  for (const named of nodes) {
    const { name, schema } = named;
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw spec.error(['components', 'schemas', name], `a component schema name must be an identifier, got ${JSON.stringify(name)}`);
    declare(name, name);
    declare(schemaConstName(name), name);
    if (schema.kind === 'object' && schema.requireOneNonEmpty) declare(fieldsTypeName(name), name);
    for (const enumeration of enumDeclarations(named)) if (enumeration.typeName !== name) declare(enumeration.typeName, name);
  }
}

/** Dependencies first (zod constants must be declared before use); otherwise spec order. */
function dependencyOrder(spec: LoadedSpec, nodes: NamedSchema[]): NamedSchema[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const ordered: NamedSchema[] = [];
  const visiting = new Set<string>();
  const visit = (node: NamedSchema) => {
    if (ordered.includes(node)) return;
    if (visiting.has(node.name)) throw spec.error(['components', 'schemas', node.name], 'recursive schemas are not supported (the schema refers back to itself)');
    visiting.add(node.name);
    for (const name of referencedNames(node.schema)) visit(byName.get(name) as NamedSchema);
    visiting.delete(node.name);
    ordered.push(node);
  };
  nodes.forEach(visit);
  return ordered;
}

function operations(spec: LoadedSpec, schemas: SchemaIndex): OperationNode[] {
  const paths = record(spec, spec.root.paths, ['paths']);
  const result: OperationNode[] = [];
  for (const [pathKey, pathItem] of Object.entries(paths)) {
    const item = record(spec, pathItem, ['paths', pathKey]);
    for (const method of HTTP_METHODS) {
      if (item[method] !== undefined) result.push(operation(spec, pathKey, method, item[method], schemas));
    }
  }
  if (result.length === 0) throw spec.error(['paths'], 'the spec declares no operation');
  return result;
}

function operation(spec: LoadedSpec, pathKey: string, method: string, value: unknown, schemas: SchemaIndex): OperationNode {
  const at: Path = ['paths', pathKey, method];
  const op = record(spec, value, at);
  const operationId = op.operationId;
  if (typeof operationId !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(operationId)) {
    throw spec.error(at, 'missing operationId (a name of letters and digits)');
  }
  const style = text(spec, op['x-acs-style'], [...at, 'x-acs-style']);
  if (style !== 'RPC' || method !== 'post' || pathKey !== '/') {
    throw spec.error(at, 'only RPC-style operations (POST /, x-acs-style: RPC) are supported');
  }
  const requestSchemaName = requestSchema(spec, op, at);
  const requestObject = schemas.get(requestSchemaName);
  if (requestObject?.kind !== 'object') throw spec.error(['components', 'schemas', requestSchemaName], 'a request schema must be an object');
  return {
    operationId,
    action: text(spec, op['x-acs-action'], [...at, 'x-acs-action']),
    version: text(spec, op['x-acs-version'], [...at, 'x-acs-version']),
    style: 'RPC',
    method: 'POST',
    path: pathKey,
    ...optionalText(op, 'summary'),
    ...optionalText(op, 'description'),
    request: {
      mediaType: FORM,
      schemaName: requestSchemaName,
      parameters: [...bodyParameters(requestObject), ...queryParameters(spec, op, at)],
      examples: examples(spec, mediaTypeOf(spec, op, at), [...at, 'requestBody', 'content', FORM]),
    },
    response: successResponse(spec, op, at),
    errorSchemaName: errorSchema(spec, op, at),
    errorCodes: errorCodes(spec, op['x-acs-error-codes'], [...at, 'x-acs-error-codes']),
    ram: ram(spec, op['x-acs-ram'], [...at, 'x-acs-ram']),
  };
}

function mediaTypeOf(spec: LoadedSpec, op: Record<string, unknown>, at: Path): Record<string, unknown> {
  const body = record(spec, deref(spec, op.requestBody, [...at, 'requestBody']), [...at, 'requestBody']);
  const content = record(spec, body.content, [...at, 'requestBody', 'content']);
  return record(spec, content[FORM], [...at, 'requestBody', 'content', FORM]);
}

function requestSchema(spec: LoadedSpec, op: Record<string, unknown>, at: Path): string {
  const mediaType = mediaTypeOf(spec, op, at);
  const schema = record(spec, mediaType.schema, [...at, 'requestBody', 'content', FORM, 'schema']);
  return componentName(spec, schema.$ref, [...at, 'requestBody', 'content', FORM, 'schema', '$ref']);
}

function bodyParameters(schema: ObjectSchema): ParameterNode[] {
  return schema.properties.map((property) => ({ name: property.name, in: 'body', required: property.required, schema: property.schema }));
}

/**
 * Query parameters are refused for now: the generated request schema is the body's component
 * schema, so a query field would fail validation as an unknown field.
 */
function queryParameters(spec: LoadedSpec, op: Record<string, unknown>, at: Path): ParameterNode[] {
  const parameters = op.parameters ?? [];
  if (!Array.isArray(parameters)) throw spec.error([...at, 'parameters'], 'parameters must be a list');
  if (parameters.length > 0) {
    throw spec.error([...at, 'parameters'], 'operation parameters (query) are not supported yet: declare request fields in the form body schema');
  }
  return [];
}

function successResponse(spec: LoadedSpec, op: Record<string, unknown>, at: Path) {
  const responses = record(spec, op.responses, [...at, 'responses']);
  const success = record(spec, deref(spec, responses['200'], [...at, 'responses', '200']), [...at, 'responses', '200']);
  const contentPath = [...at, 'responses', '200', 'content', 'application/json'];
  const content = record(spec, record(spec, success.content, [...at, 'responses', '200', 'content'])['application/json'], contentPath);
  const schema = record(spec, content.schema, [...contentPath, 'schema']);
  const schemaName = componentName(spec, schema.$ref, [...contentPath, 'schema', '$ref']);
  return { status: 200, schemaName, examples: examples(spec, content, contentPath) };
}

function errorSchema(spec: LoadedSpec, op: Record<string, unknown>, at: Path): string {
  const responses = record(spec, op.responses, [...at, 'responses']);
  const key = ['4XX', 'default'].find((k) => responses[k] !== undefined);
  if (!key) throw spec.error([...at, 'responses'], 'an error response (4XX or default) is required');
  const response = record(spec, deref(spec, responses[key], [...at, 'responses', key]), [...at, 'responses', key]);
  const content = record(spec, response.content, [...at, 'responses', key, 'content']);
  const json = record(spec, content['application/json'], [...at, 'responses', key, 'content', 'application/json']);
  const schema = record(spec, json.schema, [...at, 'responses', key, 'content', 'application/json', 'schema']);
  return componentName(spec, schema.$ref, [...at, 'responses', key, 'content', 'application/json', 'schema', '$ref']);
}

function examples(spec: LoadedSpec, mediaType: Record<string, unknown>, at: Path): Example[] {
  const named = record(spec, mediaType.examples ?? {}, [...at, 'examples']);
  return Object.entries(named).map(([name, value]) => {
    const example = record(spec, deref(spec, value, [...at, 'examples', name]), [...at, 'examples', name]);
    if (!('value' in example)) throw spec.error([...at, 'examples', name], 'an example needs a value');
    return { name, ...optionalText(example, 'summary'), value: example.value };
  });
}

function errorCodes(spec: LoadedSpec, value: unknown, at: Path): ErrorCodeEntry[] {
  if (!Array.isArray(value)) throw spec.error(at, 'x-acs-error-codes must be a list');
  return value.map((item, index) => {
    const path = [...at, index];
    const entry = record(spec, item, path);
    const hasCode = typeof entry.code === 'string';
    const hasPattern = typeof entry.pattern === 'string';
    if (hasCode === hasPattern) throw spec.error(path, 'an error entry needs exactly one of code or pattern');
    const pattern = entry.pattern as string;
    if (hasPattern && !/^[A-Za-z][A-Za-z0-9.]*\*$/.test(pattern)) {
      throw spec.error([...path, 'pattern'], `a pattern is a code prefix followed by *, got ${JSON.stringify(pattern)}`);
    }
    const statuses = entry.statuses;
    if (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)) {
      throw spec.error([...path, 'statuses'], 'statuses must be a non-empty list of HTTP error statuses');
    }
    if (!RETRY_CLASSES.includes(entry.retry as RetryClass)) {
      throw spec.error([...path, 'retry'], `retry must be one of ${RETRY_CLASSES.join(', ')}`);
    }
    return {
      match: hasCode ? { code: entry.code as string } : { prefix: pattern.slice(0, -1) },
      statuses: statuses as number[],
      retry: entry.retry as RetryClass,
      ...optionalText(entry, 'description'),
    };
  });
}

function ram(spec: LoadedSpec, value: unknown, at: Path): RamMetadata {
  const entry = record(spec, value, at);
  const list = (key: string) => {
    const items = entry[key];
    if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw spec.error([...at, key], `${key} must be a list of strings`);
    return items as string[];
  };
  return {
    action: text(spec, entry.action, [...at, 'action']),
    accessLevel: text(spec, entry.accessLevel, [...at, 'accessLevel']),
    resourceType: text(spec, entry.resourceType, [...at, 'resourceType']),
    conditionKeys: list('conditionKeys'),
    dependentActions: list('dependentActions'),
    ...optionalText(entry, 'description'),
  };
}

function servers(spec: LoadedSpec): Server[] {
  const list = spec.root.servers;
  if (!Array.isArray(list) || list.length === 0) throw spec.error(['servers'], 'at least one server is required');
  return list.map((value, index) => {
    const server = record(spec, value, ['servers', index]);
    const url = text(spec, server.url, ['servers', index, 'url']);
    if (!/^https:\/\/[^/]+$/.test(url)) throw spec.error(['servers', index, 'url'], `a server URL is an https origin, got ${url}`);
    return {
      url,
      ...optionalText(server, 'description'),
      ...(typeof server['x-acs-region-id'] === 'string' ? { regionId: server['x-acs-region-id'] } : {}),
      ...(typeof server['x-acs-network'] === 'string' ? { network: server['x-acs-network'] } : {}),
      legacy: server['x-acs-legacy'] === true,
    };
  });
}

function securitySchemes(spec: LoadedSpec): SecurityScheme[] {
  const components = record(spec, spec.root.components ?? {}, ['components']);
  const schemes = record(spec, components.securitySchemes ?? {}, ['components', 'securitySchemes']);
  return Object.entries(schemes).map(([name, value]) => {
    const at = ['components', 'securitySchemes', name];
    const scheme = record(spec, value, at);
    if (scheme.type !== 'apiKey' || scheme.in !== 'header') throw spec.error(at, 'a security scheme must be an apiKey in a header');
    return {
      name,
      algorithm: text(spec, scheme['x-acs-signature-algorithm'], [...at, 'x-acs-signature-algorithm']),
      header: text(spec, scheme.name, [...at, 'name']),
      ...optionalText(scheme, 'description'),
    };
  });
}

function deref(spec: LoadedSpec, value: unknown, at: Path): unknown {
  return isRecord(value) && '$ref' in value ? resolveRef(spec, value.$ref, [...at, '$ref']) : value;
}

function record(spec: LoadedSpec, value: unknown, at: Path): Record<string, unknown> {
  if (!isRecord(value)) throw spec.error(at, value === undefined ? 'missing (expected a mapping)' : 'expected a mapping');
  return value;
}

function text(spec: LoadedSpec, value: unknown, at: Path): string {
  if (typeof value !== 'string' || value === '') throw spec.error(at, value === undefined ? 'missing (expected a string)' : 'expected a non-empty string');
  return value;
}

function optionalText<K extends string>(value: Record<string, unknown>, key: K) {
  return (typeof value[key] === 'string' ? { [key]: value[key] } : {}) as { [P in K]?: string };
}
