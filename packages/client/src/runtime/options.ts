import type { CredentialsOption } from '../credentials/provider.js';
import type { RetryBackoff } from './retry.js';

/** The subset of `fetch` the client uses: global fetch, createNodeFetch(), or any compatible function. */
export type FetchFunction = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface ClientOptions {
  /** Static credentials or an async provider. The portable entry has no default; `./node` reads the default chain. */
  readonly credentials?: CredentialsOption | undefined;
  /** Default `cn-shanghai`; maps to `appstream-center.<regionId>.aliyuncs.com`. */
  readonly regionId?: string | undefined;
  /** An origin that overrides `regionId`, e.g. `https://appstream-center.ap-southeast-1.aliyuncs.com`. */
  readonly endpoint?: string | undefined;
  /** Default: the global `fetch`. On Node, `createNodeFetch()` from `./node` is faster. */
  readonly fetch?: FetchFunction | undefined;
  /** The whole call, backoff included. Default 30 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** One attempt, from sending to the end of the body. Default 10 000 ms. */
  readonly attemptTimeoutMs?: number | undefined;
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number | undefined;
  /** Full-jitter exponential backoff. Default base 200 ms, cap 5 000 ms. */
  readonly retryBackoff?: Partial<RetryBackoff> | undefined;
  /** Retry failures that may have taken effect (5xx, reset after sending, attempt timeout). Default true. */
  readonly retryAmbiguous?: boolean | undefined;
  /** Default `appstream-center-client`. */
  readonly userAgent?: string | undefined;
  readonly hooks?: ClientHooks | undefined;
  /** For tests: the signing clock, nonce source and jitter source. */
  readonly clock?: (() => Date) | undefined;
  readonly nonce?: (() => string) | undefined;
  readonly random?: (() => number) | undefined;
}

export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call. */
  readonly timeoutMs?: number | undefined;
}

/**
 * Hook payloads are redacted: no secret, token, Authorization value or auth code ever reaches them.
 * Hooks are called as methods of this object, synchronously; with static credentials on Node,
 * `onRequest` can run before `getAuthCode()` has returned its promise. A hook that throws is ignored.
 */
export interface ClientHooks {
  readonly onRequest?: ((event: RequestEvent) => void) | undefined;
  readonly onResponse?: ((event: ResponseEvent) => void) | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RequestEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
  /** Authorization and x-acs-security-token are `***`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface ResponseEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly statusCode: number;
  readonly requestId: string | undefined;
  readonly durationMs: number;
}

export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  /** The failure being retried: one of this package's errors, which never hold a secret or an auth code. */
  readonly error: Error;
}

export const DEFAULTS = {
  timeoutMs: 30_000,
  attemptTimeoutMs: 10_000,
  maxAttempts: 3,
  retryBackoff: { baseMs: 200, capMs: 5_000 },
  retryAmbiguous: true,
  userAgent: 'appstream-center-client',
} as const;
