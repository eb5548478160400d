// A fetch-compatible function over node:http / node:https with keep-alive socket pools.
//
// Why: Node 20's global fetch is slow for many sequential small calls (~500 calls/s and
// ~88 ms for the first call, against ~1,400 calls/s and ~17 ms for node:http with
// keep-alive). Global fetch stays the client's default; this is offered through the
// `./node` entry and passed as the client's `fetch` option.
//
// Supported subset of fetch (anything else is out of scope, not silently emulated):
// - URLs: `http:` and `https:` only; other schemes, invalid URLs and URLs with
//   credentials reject with TypeError.
// - `method` (normalised like fetch: get/post/... are upper-cased; CONNECT, TRACE and
//   TRACK reject with TypeError).
// - `headers` in every fetch form (Headers, record, array of pairs), read through
//   `new Headers(init.headers)`.
// - `body`: a string or a Uint8Array only; content-length is always set from the bytes.
//   A string body without content-type gets `text/plain;charset=UTF-8`, as fetch does.
//   Other body types, and a body on GET/HEAD, reject with TypeError.
// - `signal`: an already-aborted signal rejects before connecting; an abort during the
//   request (including while the body is read) destroys it and rejects with
//   `signal.reason` (a DOMException AbortError by default, as fetch does).
// - Network failures reject with `TypeError('fetch failed', { cause })`, as undici does.
// - No redirects: a 3xx is returned as the Response (`redirect` is ignored).
// - No proxy: HTTP_PROXY, HTTPS_PROXY, NO_PROXY and friends are deliberately ignored;
//   nothing here reads environment variables or global state besides its own agents.
// - No compression: accept-encoding is not sent and bodies are not decoded.
// - The whole response body is buffered, then returned as
//   `new Response(bytes, { status, statusText, headers })` (null body for HEAD and for
//   null-body statuses such as 204 and 304). `response.url` and `redirected` are unset.
// - Every other RequestInit field (cache, credentials, mode, keepalive, ...) is ignored.
//
// Retry: a request is retried once, on a fresh socket, only when it went out on a reused
// keep-alive socket that failed with ECONNRESET/EPIPE before any response byte arrived.
// That is the documented Node pattern for the keep-alive race (the server closed the idle
// socket as we wrote to it). Every other retry decision belongs to the caller's policy.

import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

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

export interface NodeFetch {
  (input: string | URL, init?: RequestInit): Promise<Response>;
  /** Destroys every pooled socket; later calls reject with TypeError. */
  close(): void;
}

const DEFAULT_MAX_SOCKETS = 16;
const DEFAULT_IDLE_SOCKET_TIMEOUT_MS = 4000;

// Final statuses whose Response must have a null body (the Response constructor throws otherwise).
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

type Agent = HttpAgent | HttpsAgent;
type RequestFn = (url: URL, options: RequestOptions) => ClientRequest;

/** The agents and request function for one protocol. */
interface Pool {
  readonly request: RequestFn;
  /** Keep-alive pool every first attempt uses. */
  readonly keepAlive: Agent;
  /** Non-pooling agent for the one retry: guarantees a fresh socket, and close() reaches it. */
  readonly fresh: Agent;
}

interface Pools {
  readonly 'http:': Pool;
  readonly 'https:': Pool;
}

interface PreparedRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
}

type Outcome =
  | { readonly response: Response }
  | { readonly error: unknown; readonly staleSocket: boolean };

export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const pools = createPools(options);
  let closed = false;
  const nodeFetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    if (closed) throw fetchFailed(new Error('this NodeFetch was closed'));
    const prepared = prepareRequest(input, init);
    return sendWithRetry(pools[prepared.url.protocol as keyof Pools], prepared, () => closed);
  };
  const close = (): void => {
    closed = true;
    for (const pool of [pools['http:'], pools['https:']]) {
      pool.keepAlive.destroy();
      pool.fresh.destroy();
    }
  };
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

/** Validates the input the way fetch would; throws TypeError for what is out of scope. */
function prepareRequest(input: string | URL, init: RequestInit): PreparedRequest {
  const url = new URL(input); // throws TypeError for an invalid URL, as fetch does
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Unsupported URL scheme ${url.protocol} (only http: and https:)`);
  }
  // node:http would turn these into an Authorization header; fetch refuses them.
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('Request URL must not include credentials');
  }
  const method = normaliseMethod(init.method ?? 'GET');
  const body = checkBody(init.body, method);
  const signal = init.signal ?? undefined;
  return { url, method, headers: toOutgoingHeaders(init.headers, body), body, signal };
}

function normaliseMethod(method: string): string {
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`Forbidden method ${method}`);
  return NORMALISED_METHODS.has(upper) ? upper : method;
}

function checkBody(body: RequestInit['body'], method: string): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (method === 'GET' || method === 'HEAD') {
    throw new TypeError(`Request with ${method} method cannot have a body`);
  }
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('Unsupported body type (only string and Uint8Array are supported)');
}

function toOutgoingHeaders(
  init: HeadersInit | undefined,
  body: string | Uint8Array | undefined,
): Record<string, string> {
  const headers = new Headers(init);
  if (body !== undefined) {
    // Always the real byte length: a caller-supplied value could only be wrong.
    headers.set('content-length', String(Buffer.byteLength(body)));
    if (typeof body === 'string' && !headers.has('content-type')) {
      headers.set('content-type', 'text/plain;charset=UTF-8');
    }
  }
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

async function sendWithRetry(
  pool: Pool,
  prepared: PreparedRequest,
  isClosed: () => boolean,
): Promise<Response> {
  const first = await attempt(pool.request, pool.keepAlive, prepared);
  if ('response' in first) return first.response;
  if (!first.staleSocket || isClosed()) throw first.error;
  const second = await attempt(pool.request, pool.fresh, prepared);
  if ('response' in second) return second.response;
  throw second.error;
}

/** One request on one socket; resolves to the response or to the error and whether a retry is safe. */
function attempt(request: RequestFn, agent: Agent, prepared: PreparedRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const { signal } = prepared;
    if (signal?.aborted) {
      resolve({ error: signal.reason, staleSocket: false });
      return;
    }
    const req = request(prepared.url, { method: prepared.method, headers: prepared.headers, agent });
    let settled = false;
    const finish = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    // Reject first, then destroy: the 'error' the destroy causes is then ignored.
    const onAbort = (): void => {
      finish({ error: signal?.reason, staleSocket: false });
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const sawResponseBytes = watchResponseBytes(req);
    req.on('error', (error) => {
      const staleSocket = isStaleSocketFailure(error, req.reusedSocket, sawResponseBytes());
      finish({ error: fetchFailed(error), staleSocket });
    });
    req.on('response', (res) => {
      readResponse(res, prepared.method).then(
        (response) => finish({ response }),
        (error: unknown) => finish({ error: fetchFailed(error), staleSocket: false }),
      );
    });
    req.end(prepared.body);
  });
}

/**
 * Tracks whether any byte of a response reached the socket for this request: a partial
 * status line does not emit 'response', yet means the server did process the request.
 */
function watchResponseBytes(req: ClientRequest): () => boolean {
  let seen = false;
  const onData = (): void => {
    seen = true;
  };
  req.once('socket', (socket: Socket) => {
    socket.once('data', onData);
    // The socket outlives the request in the pool; do not leave the listener behind.
    req.once('close', () => socket.off('data', onData));
  });
  return () => seen;
}

function isStaleSocketFailure(error: unknown, reusedSocket: boolean, sawBytes: boolean): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return reusedSocket && !sawBytes && typeof code === 'string' && STALE_SOCKET_CODES.has(code);
}

async function readResponse(res: IncomingMessage, method: string): Promise<Response> {
  const chunks: Buffer[] = [];
  // Async iteration rejects when the connection dies mid-body (premature close / 'aborted').
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const status = res.statusCode ?? 0;
  const body = method === 'HEAD' || NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
  // The Response constructor throws for statuses outside 200-599 and odd status texts;
  // the caller sees that as a failed fetch.
  return new Response(body, {
    status,
    statusText: res.statusMessage ?? '',
    headers: toResponseHeaders(res.rawHeaders),
  });
}

/** rawHeaders keeps repeated fields (set-cookie) apart, which res.headers would join or drop. */
function toResponseHeaders(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const value = rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) headers.append(name, value);
  }
  return headers;
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}
