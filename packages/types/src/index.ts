// The package entry. Everything public is generated from the spec; see ./generated/index.ts.
export * from './generated/index.js';
export type { ErrorCodeRule, RetryClass } from './runtime/error-rules.js';
