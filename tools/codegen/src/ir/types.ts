// The intermediate representation: plain data built once from the spec. Emitters read only
// this, never the raw spec, so a new emitter or a new spec feature touches one place.

/** What every schema node may carry for documentation. */
export interface SchemaMeta {
  readonly description?: string;
  readonly example?: unknown;
  readonly default?: unknown;
  /** `x-acs-secret`: the value must never be logged. */
  readonly secret?: boolean;
}

export type SchemaNode =
  | (SchemaMeta & { readonly kind: 'ref'; readonly name: string })
  | (SchemaMeta & StringSchema)
  | (SchemaMeta & { readonly kind: 'boolean' })
  | (SchemaMeta & { readonly kind: 'integer' | 'number'; readonly minimum?: number; readonly maximum?: number })
  | (SchemaMeta & { readonly kind: 'array'; readonly items: SchemaNode })
  | (SchemaMeta & ObjectSchema)
  | (SchemaMeta & { readonly kind: 'unknown' });

export interface StringSchema {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly format?: 'date-time';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** The string carries JSON text whose content must match this schema (`x-acs-content-schema`). */
  readonly content?: { readonly mediaType: 'application/json'; readonly schema: SchemaNode };
}

export interface ObjectSchema {
  readonly kind: 'object';
  /** In spec order. */
  readonly properties: readonly PropertyNode[];
  /** false: unknown keys are an error (requests); true: they are tolerated (responses). */
  readonly additionalProperties: boolean;
  /** From `anyOf` branches of the form `{required: [F], properties: {F: {minLength: 1}}}`. */
  readonly requireOneNonEmpty?: readonly string[];
}

export interface PropertyNode {
  readonly name: string;
  readonly required: boolean;
  readonly schema: SchemaNode;
}

/** A schema under `components/schemas`, emitted as a named type and a named zod schema. */
export interface NamedSchema {
  readonly name: string;
  readonly schema: SchemaNode;
}

export type ParameterLocation = 'body' | 'query';

/** One API parameter and where it travels on the wire. */
export interface ParameterNode {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly schema: SchemaNode;
}

export interface Example {
  readonly name: string;
  readonly summary?: string;
  readonly value: unknown;
}

export type RetryClass = 'never' | 'safe' | 'ambiguous';

/** One row of `x-acs-error-codes`: an exact code or a `Prefix*` pattern. */
export interface ErrorCodeEntry {
  readonly match: { readonly code: string } | { readonly prefix: string };
  readonly statuses: readonly number[];
  readonly retry: RetryClass;
  readonly description?: string;
}

export interface RamMetadata {
  readonly action: string;
  readonly accessLevel: string;
  readonly resourceType: string;
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
  readonly description?: string;
}

export interface OperationNode {
  readonly operationId: string;
  readonly action: string;
  readonly version: string;
  readonly style: 'RPC';
  readonly method: 'POST';
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  readonly request: {
    readonly mediaType: 'application/x-www-form-urlencoded';
    /** The named schema of the whole request. */
    readonly schemaName: string;
    /** The request's properties as parameters, body first in spec order, then query. */
    readonly parameters: readonly ParameterNode[];
    readonly examples: readonly Example[];
  };
  readonly response: {
    readonly status: number;
    readonly schemaName: string;
    readonly examples: readonly Example[];
  };
  readonly errorSchemaName: string;
  readonly errorCodes: readonly ErrorCodeEntry[];
  readonly ram: RamMetadata;
}

export interface Server {
  readonly url: string;
  readonly description?: string;
  readonly regionId?: string;
  readonly network?: string;
  readonly legacy: boolean;
}

export interface SecurityScheme {
  readonly name: string;
  readonly algorithm: string;
  readonly header: string;
  readonly description?: string;
}

export interface ApiIR {
  /** The spec path, repo-relative, as named in generated headers. */
  readonly source: string;
  readonly title: string;
  readonly product: string;
  readonly version: string;
  readonly endpoints: {
    readonly rule: string;
    /** Host pattern with `{regionId}`. */
    readonly pattern: string;
    readonly defaultRegionId: string;
    readonly servers: readonly Server[];
  };
  readonly security: readonly SecurityScheme[];
  /** Dependencies before dependents; otherwise spec order. */
  readonly schemas: readonly NamedSchema[];
  readonly operations: readonly OperationNode[];
}
