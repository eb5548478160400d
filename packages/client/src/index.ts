// The portable entry: Node, Deno, Bun and server-side edge runtimes. Nothing reachable from here
// imports a Node built-in; the Node-only parts (credential chain, keep-alive transport) are in ./node.
export { createClient, getAuthCodeDefinition, type AppstreamCenterClient, type GetAuthCodeInput } from './generated/index.js';
export type { CallOptions, ClientHooks, ClientOptions, FetchFunction, RequestEvent, ResponseEvent, RetryEvent } from './runtime/options.js';
export { DEFAULTS } from './runtime/options.js';
export { MAX_RETRY_AFTER_MS, type RetryBackoff } from './runtime/retry.js';
export { REFRESH_WINDOW_MS, type Credentials, type CredentialsOption, type CredentialsProvider, type ProvidedCredentials } from './credentials/provider.js';
export {
  AbortError,
  AlibabaCloudError,
  ConfigurationError,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  isAbortError,
  isAlibabaCloudError,
  isConfigurationError,
  isNetworkError,
  isRequestValidationError,
  isResponseValidationError,
  isTimeoutError,
  type FieldIssue,
} from './errors/errors.js';
export { CredentialsError, isCredentialsError, type CredentialsErrorCode } from './errors/credentials-error.js';
