// Type guards that work across two copies of this package (ESM and CJS, or two versions):
// `instanceof` fails there, so every error answers a global symbol with its name.
const BRAND = Symbol.for('appstream-center-client:error-kind');

export type ErrorKind =
  | 'AlibabaCloudError'
  | 'RequestValidationError'
  | 'ResponseValidationError'
  | 'NetworkError'
  | 'TimeoutError'
  | 'AbortError'
  | 'CredentialsError'
  | 'ConfigurationError';

/** The base of every error this package throws; its brand is its `name`. */
export class BrandedError extends Error {
  get [BRAND](): string {
    return this.name;
  }
}

export function hasBrand(value: unknown, kind: ErrorKind): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === kind;
}
