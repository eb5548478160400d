import type { RetryClass } from '../generated/types-package.js';
import type * as z from 'zod/mini';

/** A JSON field's key order: the spec's property order, nested. */
export interface KeyOrder {
  readonly [key: string]: KeyOrder;
}

/** What the generated code tells the runtime about one operation; the runtime knows nothing else of the spec. */
export interface OperationDefinition {
  readonly operationId: string;
  readonly action: string;
  readonly version: string;
  readonly method: 'POST';
  readonly path: string;
  readonly mediaType: 'application/x-www-form-urlencoded';
  /** Body fields, in the order they are encoded (alphabetical, as the official SDKs send them). */
  readonly bodyFields: readonly string[];
  readonly queryFields: readonly string[];
  /** String fields whose content is JSON: an object given for one is serialized compactly in this key order. */
  readonly jsonFields: Readonly<Record<string, KeyOrder>>;
  readonly requestSchema: z.ZodMiniType;
  readonly responseSchema: z.ZodMiniType;
  /** The spec's error table by retry class: exact codes, and prefixes written `Prefix*`. */
  readonly retryClasses: Readonly<Record<RetryClass, readonly string[]>>;
  /** Response fields that are secrets (`x-acs-secret`): redacted everywhere but the successful result. */
  readonly secretResponsePaths: readonly (readonly string[])[];
}
