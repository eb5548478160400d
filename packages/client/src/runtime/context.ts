import { credentialsSource, staticCredentials, type Credentials } from '../credentials/provider.js';
import { randomNonce, type SigningHeaders } from '../signing/sign.js';
import { ConfigurationError } from '../errors/errors.js';
import { resolveEndpoint } from './endpoint.js';
import { DEFAULTS, type ClientHooks, type ClientOptions, type FetchFunction } from './options.js';
import type { OperationDefinition } from './operation.js';
import type { RetryBackoff } from './retry.js';
import { timedFetchOf, type TimedFetch } from './timed-fetch.js';

/** A client's resolved settings: validated once, when the client is created. */
export interface ClientContext {
  readonly endpoint: URL;
  readonly credentials: () => Promise<Credentials>;
  /** Static credentials, checked and redacted: at hand, so attempts skip the provider's deadline race. */
  readonly staticCredentials: Credentials | undefined;
  readonly fetch: FetchFunction;
  /** The fetch option's own deadline path, when it has one (createNodeFetch). */
  readonly timedFetch: TimedFetch | undefined;
  readonly timeoutMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxAttempts: number;
  readonly retryBackoff: RetryBackoff;
  readonly retryAmbiguous: boolean;
  readonly userAgent: string;
  readonly hooks: ClientHooks;
  readonly clock: () => Date;
  readonly nonce: () => string;
  readonly random: () => number;
  /** Per operation, filled on first use: the headers its attempts send, normalised for signing. */
  readonly signingHeaders: Map<OperationDefinition, SigningHeaders>;
}

export function createContext(options: ClientOptions): ClientContext {
  if (options.credentials === undefined) {
    throw new ConfigurationError(
      'credentials are required. On Node, import createClient from the package\'s "./node" entry to read the default credential chain (environment, ~/.aliyun/config.json, ~/.alibabacloud/credentials).',
    );
  }
  const fetchFunction = options.fetch ?? (globalThis.fetch as unknown as FetchFunction | undefined);
  if (typeof fetchFunction !== 'function') throw new ConfigurationError('fetch: no global fetch in this runtime; pass the fetch option');
  const endpoint = resolveEndpoint(options);
  const fixedCredentials = typeof options.credentials === 'function' ? undefined : staticCredentials(options.credentials);
  return {
    endpoint,
    credentials: fixedCredentials === undefined ? credentialsSource(options.credentials) : () => Promise.resolve(fixedCredentials),
    staticCredentials: fixedCredentials,
    fetch: fetchFunction,
    timedFetch: timedFetchOf(fetchFunction),
    timeoutMs: duration('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs),
    attemptTimeoutMs: duration('attemptTimeoutMs', options.attemptTimeoutMs, DEFAULTS.attemptTimeoutMs),
    maxAttempts: duration('maxAttempts', options.maxAttempts, DEFAULTS.maxAttempts, true),
    retryBackoff: {
      baseMs: duration('retryBackoff.baseMs', options.retryBackoff?.baseMs, DEFAULTS.retryBackoff.baseMs),
      capMs: duration('retryBackoff.capMs', options.retryBackoff?.capMs, DEFAULTS.retryBackoff.capMs),
    },
    retryAmbiguous: options.retryAmbiguous ?? DEFAULTS.retryAmbiguous,
    userAgent: options.userAgent ?? DEFAULTS.userAgent,
    hooks: options.hooks ?? {},
    clock: options.clock ?? (() => new Date()),
    nonce: options.nonce ?? randomNonce,
    random: options.random ?? Math.random,
    signingHeaders: new Map(),
  };
}

// setTimeout wraps anything longer to 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A positive number of milliseconds a timer can wait, or with `whole`, a count of at least 1. */
export function duration(name: string, value: number | undefined, fallback: number, whole = false): number {
  if (value === undefined) return fallback;
  if (whole ? !Number.isInteger(value) || value < 1 : !(value > 0 && value <= MAX_TIMER_MS)) {
    throw new ConfigurationError(`${name} must be ${whole ? 'a whole number of at least 1' : `a positive number of milliseconds up to ${MAX_TIMER_MS}`}, got ${value}`);
  }
  return value;
}
