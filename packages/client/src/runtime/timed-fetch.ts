import type { FetchFunction } from './options.js';

/**
 * The key of an optional method on a `fetch` option: a fetch that times an exchange out by
 * itself. When the option has it, the client calls it instead of creating an AbortController and
 * a listener per attempt (~25 µs of a ~300 µs loopback call on Node 20). createNodeFetch()
 * provides it; any other fetch gets the AbortController. `Symbol.for`, so a NodeFetch from the
 * CommonJS copy of this package still works with a client from the ESM copy.
 */
export const TIMED_FETCH: unique symbol = Symbol.for('appstream-center-client:timed-fetch');

/**
 * Like fetch, plus a deadline: after `timeoutMs` the exchange is torn down and the promise rejects
 * with `timeoutReason` itself. The promise settles only once the whole body has arrived, so the
 * deadline covers reading it too. `init.signal` aborts as with fetch.
 */
export type TimedFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  timeoutMs: number,
  timeoutReason: object,
) => ReturnType<FetchFunction>;

/** The option's timed variant, if it has one. */
export function timedFetchOf(fetch: FetchFunction): TimedFetch | undefined {
  const timed = (fetch as Partial<Record<typeof TIMED_FETCH, unknown>>)[TIMED_FETCH];
  return typeof timed === 'function' ? (timed as TimedFetch) : undefined;
}
