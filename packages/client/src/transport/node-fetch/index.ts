// A fetch-compatible function over node:http / node:https with keep-alive socket pools.
//
// Why: Node 20's global fetch is slow for many sequential small calls (~500 calls/s and
// ~88 ms for the first call, against ~1,400 calls/s and ~17 ms for node:http with
// keep-alive). Global fetch stays the client's default; this is offered through the
// `./node` entry and passed as the client's `fetch` option.
//
// It never constructs a WHATWG `Headers`, `Request` or `Response` (nor loads Node's bundled
// undici, ~20-28 ms on first use): requests go straight to node:http, and the result is a
// small `NodeFetchResponse` object, NOT a real `Response` (`instanceof Response` is false).
//
// Supported subset of fetch (anything else is out of scope, not silently emulated):
// - URLs: `http:` and `https:` only; other schemes, invalid URLs and URLs with
//   credentials reject with TypeError. Each distinct URL string is parsed once (a bounded
//   cache: a client calls one endpoint).
// - `method` (normalised like fetch: get/post/... are upper-cased; CONNECT, TRACE and
//   TRACK reject with TypeError).
// - `headers`: a plain record, an array of [name, value] pairs, or any iterable of pairs
//   such as a `Headers` instance (iterated, never constructed). Names are lower-cased,
//   values trimmed of leading/trailing HTTP whitespace, repeated names joined with ', ';
//   invalid names or values reject with node:http's TypeError. `host` is the URL's host
//   (port only when not the default) unless the caller gives a non-empty one; over https a
//   caller's host also names the TLS server (SNI and certificate check), as node:http does.
// - `body`: a string or a Uint8Array only; content-length is always set from
//   Buffer.byteLength. A string body without content-type gets
//   `text/plain;charset=UTF-8`, as fetch does. Other body types, and a body on GET/HEAD,
//   reject with TypeError. A caller's content-length is never sent: a bodiless request
//   other than GET, HEAD, DELETE, OPTIONS gets `content-length: 0` (fetch does so for POST
//   and PUT) unless the caller set transfer-encoding.
// - `signal`: an already-aborted signal rejects before connecting; an abort during the
//   request (including while the body is read) destroys it and rejects with
//   `signal.reason` (a DOMException AbortError by default, as fetch does).
// - Network failures reject with `TypeError('fetch failed', { cause })`, as undici does;
//   so does a final status outside 200-599 (which the Response constructor refuses).
// - No redirects: a 3xx is returned as the response (`redirect` is ignored).
// - No proxy: HTTP_PROXY, HTTPS_PROXY, NO_PROXY and friends are deliberately ignored;
//   nothing here reads environment variables or global state besides its own agents.
// - No compression: accept-encoding is not sent and bodies are not decoded.
// - Every other RequestInit field (cache, credentials, mode, keepalive, ...) is ignored.
//
// The response (`NodeFetchResponse`) is the whole body buffered, with only:
// - `status`, `statusText`, `ok` (200-299), `url` (the request URL without its fragment),
//   `redirected` (always false);
// - `headers` (`NodeFetchHeaders`): `get(name)` (case-insensitive; repeated fields joined
//   with ', ', set-cookie included, as fetch does), `getSetCookie()` (each set-cookie
//   value apart), `has(name)`, `forEach((value, name, headers) => ...)`, `entries()` and
//   `[Symbol.iterator]` yielding [lower-case name, value] pairs sorted by name, with
//   set-cookie values yielded one by one, as `Headers` does;
// - `text()` (UTF-8, a leading BOM dropped, as fetch does), `json()`, `arrayBuffer()` and
//   `bodyUsed`: the body can be read once; a second read rejects with TypeError, as fetch
//   does. A null body (HEAD, 204, 205, 304) reads as empty any number of times, as fetch.
// - No `body` stream, `blob()`, `formData()`, `clone()`, `type` or `Headers` mutators.
//
// Retry: a request is retried once, on a fresh socket, only when it went out on a reused
// keep-alive socket that failed with ECONNRESET/EPIPE before any response byte arrived.
// That is the documented Node pattern for the keep-alive race (the server closed the idle
// socket as we wrote to it). Every other retry decision belongs to the caller's policy.
//
// Hot path: one Promise per call, no per-request closures. The per-request state is an
// `Exchange`; node:http events reach it through shared handlers that find it on the
// emitter under a private symbol, and the abort signal calls its `handleEvent`. The client's
// attempt deadline arrives through TIMED_FETCH as a timer on the Exchange, not as an AbortSignal.

import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TIMED_FETCH, type TimedFetch, type TimedFetchEntry } from '../../runtime/timed-fetch.js';
import { Exchange, fetchFailed } from './exchange.js';
import type { ExchangeTimeout, FetcherState } from './exchange.js';
import { prepareRequest } from './request.js';
import type { Pools, PreparedRequest } from './request.js';

export interface NodeFetchOptions {
  /** Max sockets per origin (default 16). */
  readonly maxSockets?: number;
  /**
   * Idle keep-alive sockets are closed after this many ms (default 4000): below the 5 s
   * keep-alive timeout common servers use (Node's own http server default), so a POST
   * never goes out on a socket the server is closing.
   */
  readonly idleSocketTimeoutMs?: number;
}

/** The response headers: a read-only subset of `Headers` (see the top of this file). */
export interface NodeFetchHeaders extends Iterable<[string, string]> {
  get(name: string): string | null;
  getSetCookie(): string[];
  has(name: string): boolean;
  forEach(
    callback: (value: string, name: string, headers: NodeFetchHeaders) => void,
    thisArg?: unknown,
  ): void;
  entries(): IterableIterator<[string, string]>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

/** What a NodeFetch resolves to: a subset of `Response`, not a real one (see the top of this file). */
export interface NodeFetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected: false;
  readonly headers: NodeFetchHeaders;
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface NodeFetch {
  (input: string | URL, init?: RequestInit): Promise<NodeFetchResponse>;
  /** Destroys every pooled socket; later calls reject with TypeError. */
  close(): void;
}

const DEFAULT_MAX_SOCKETS = 16;
const DEFAULT_IDLE_SOCKET_TIMEOUT_MS = 4000;
const EMPTY_INIT: RequestInit = {};

export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const state: FetcherState = { pools: createPools(options), urls: new Map(), closed: false };
  const start = (input: string | URL, init: RequestInit, timeout?: ExchangeTimeout): Promise<NodeFetchResponse> => {
    if (state.closed) return Promise.reject(fetchFailed(new Error('this NodeFetch was closed')));
    let prepared: PreparedRequest;
    try {
      prepared = prepareRequest(state.pools, state.urls, input, init);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Exchange(state, prepared, timeout).promise;
  };
  const nodeFetch = (input: string | URL, init?: RequestInit): Promise<NodeFetchResponse> => start(input, init ?? EMPTY_INIT);
  const timedFetch: TimedFetch = (url, init, ms, reason) => start(url, init as RequestInit, { ms, reason });
  const close = (): void => {
    state.closed = true;
    for (const pool of [state.pools['http:'], state.pools['https:']]) {
      pool.keepAlive.destroy();
      pool.fresh.destroy();
    }
  };
  // The client's deadline path (see runtime/timed-fetch.ts): not enumerable, not part of the fetch API.
  const entry: TimedFetchEntry = { owner: nodeFetch, call: timedFetch };
  Object.defineProperty(nodeFetch, TIMED_FETCH, { value: entry });
  return Object.assign(nodeFetch, { close });
}

function createPools(options: NodeFetchOptions): Pools {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const timeout = options.idleSocketTimeoutMs ?? DEFAULT_IDLE_SOCKET_TIMEOUT_MS;
  if (!Number.isInteger(maxSockets) || maxSockets < 1) {
    throw new RangeError(`maxSockets must be a positive integer, got ${maxSockets}`);
  }
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new RangeError(`idleSocketTimeoutMs must be a positive number, got ${timeout}`);
  }
  // lifo: reuse the most recently used socket, so surplus sockets go idle and get closed
  // by the idle timeout instead of all being kept barely alive in rotation.
  const agentOptions = { keepAlive: true, scheduling: 'lifo', timeout, maxSockets } as const;
  return {
    'http:': {
      request: httpRequest,
      keepAlive: new HttpAgent(agentOptions),
      fresh: new HttpAgent({ keepAlive: false }),
    },
    'https:': {
      request: httpsRequest,
      keepAlive: new HttpsAgent(agentOptions),
      fresh: new HttpsAgent({ keepAlive: false }),
    },
  };
}
