// Type guards that work across two copies of this package (ESM and CJS, or two versions):
// `instanceof` fails there, so every error carries a brand under a global symbol.
const BRAND = Symbol.for('@appstream-center/client:error-kind');

export type ErrorKind =
  | 'AlibabaCloudError'
  | 'RequestValidationError'
  | 'ResponseValidationError'
  | 'NetworkError'
  | 'TimeoutError'
  | 'AbortError'
  | 'CredentialsError'
  | 'ConfigurationError';

export function setBrand(error: Error, kind: ErrorKind): void {
  Object.defineProperty(error, BRAND, { value: kind, enumerable: false });
}

export function hasBrand(value: unknown, kind: ErrorKind): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === kind;
}
