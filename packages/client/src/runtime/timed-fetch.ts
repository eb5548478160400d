import type { FetchFunction } from './options.js';

/**
 * The key of an optional property of a `fetch` option: a fetch that times an exchange out by
 * itself. When the option has it, the client calls it instead of creating an AbortController and
 * a listener per attempt (~25 µs of a ~300 µs loopback call on Node 20). createNodeFetch()
 * provides it; any other fetch gets the AbortController. `Symbol.for`, so a NodeFetch from the
 * CommonJS copy of this package still works with a client from the ESM copy; the `@1` is the
 * contract's version, so a different contract gets a different key.
 */
export const TIMED_FETCH: unique symbol = Symbol.for('appstream-center-client:timed-fetch@1');

/** The property's value: the timed variant, and the function it belongs to. */
export interface TimedFetchEntry {
  readonly owner: unknown;
  readonly call: TimedFetch;
}

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

/**
 * The option's timed variant, if it has one of its own. A wrapper or Proxy around a NodeFetch
 * inherits the property but is not its owner: the wrapper is called, so it is not bypassed.
 */
export function timedFetchOf(fetch: FetchFunction): TimedFetch | undefined {
  const entry = (fetch as Partial<Record<typeof TIMED_FETCH, Partial<TimedFetchEntry>>>)[TIMED_FETCH];
  return entry?.owner === fetch && typeof entry.call === 'function' ? entry.call : undefined;
}
