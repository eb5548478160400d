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
//   credentials reject with TypeError. The URL is parsed once.
// - `method` (normalised like fetch: get/post/... are upper-cased; CONNECT, TRACE and
//   TRACK reject with TypeError).
// - `headers`: a plain record, an array of [name, value] pairs, or any iterable of pairs
//   such as a `Headers` instance (iterated, never constructed). Names are lower-cased,
//   values trimmed of leading/trailing HTTP whitespace, repeated names joined with ', ';
//   invalid names or values reject with node:http's TypeError.
// - `body`: a string or a Uint8Array only; content-length is always set from
//   Buffer.byteLength. A string body without content-type gets
//   `text/plain;charset=UTF-8`, as fetch does. Other body types, and a body on GET/HEAD,
//   reject with TypeError.
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
// emitter under a private symbol, and the abort signal calls its `handleEvent`.

import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
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

const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);
const EMPTY_INIT: RequestInit = {};
const EMPTY_BODY = Buffer.alloc(0);

type Agent = HttpAgent | HttpsAgent;
type RequestFn = (options: RequestOptions) => ClientRequest;

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

interface FetcherState {
  readonly pools: Pools;
  closed: boolean;
}

interface PreparedRequest {
  readonly pool: Pool;
  /** node:http options without the agent; built from the one parsed URL. */
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly path: string;
  readonly method: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  /** The request URL without its fragment: the response's `url`. */
  readonly url: string;
}

// The Exchange of a request or response, and whether response bytes reached a socket since
// its current request got it. Symbols: nothing else reads or collides with them.
const kExchange = Symbol('nodeFetch.exchange');
const kSawBytes = Symbol('nodeFetch.sawBytes');
type TaggedRequest = ClientRequest & { [kExchange]?: Exchange };
type TaggedResponse = IncomingMessage & { [kExchange]?: Exchange };
type TaggedSocket = Socket & { [kSawBytes]?: boolean };

export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const state: FetcherState = { pools: createPools(options), closed: false };
  const nodeFetch = (input: string | URL, init?: RequestInit): Promise<NodeFetchResponse> => {
    if (state.closed) return Promise.reject(fetchFailed(new Error('this NodeFetch was closed')));
    let prepared: PreparedRequest;
    try {
      prepared = prepareRequest(state.pools, input, init ?? EMPTY_INIT);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Exchange(state, prepared).promise;
  };
  const close = (): void => {
    state.closed = true;
    for (const pool of [state.pools['http:'], state.pools['https:']]) {
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
function prepareRequest(pools: Pools, input: string | URL, init: RequestInit): PreparedRequest {
  const url = new URL(input); // throws TypeError for an invalid URL, as fetch does
  const { protocol } = url;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new TypeError(`Unsupported URL scheme ${protocol} (only http: and https:)`);
  }
  // node:http would turn these into an Authorization header; fetch refuses them.
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('Request URL must not include credentials');
  }
  const method = normaliseMethod(init.method ?? 'GET');
  const body = checkBody(init.body, method);
  const { hostname, port, href } = url;
  const hash = href.indexOf('#');
  return {
    pool: pools[protocol],
    protocol,
    // node:http wants an IPv6 host without its brackets (it adds them back for Host).
    hostname: hostname.charCodeAt(0) === 91 /* [ */ ? hostname.slice(1, -1) : hostname,
    port: port === '' ? undefined : Number(port),
    path: url.pathname + url.search,
    method,
    headers: toOutgoingHeaders(init.headers, body),
    body,
    signal: init.signal ?? undefined,
    url: hash === -1 ? href : href.slice(0, hash),
  };
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

/**
 * The headers as node:http takes them, lower-case names, without constructing `Headers`:
 * a record, an array of pairs, or any iterable of pairs (a `Headers` instance included).
 */
function toOutgoingHeaders(
  init: HeadersInit | undefined,
  body: string | Uint8Array | undefined,
): OutgoingHttpHeaders {
  // Null prototype: a header named like an Object.prototype member is just a header.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (init !== undefined && init !== null) {
    if (typeof init !== 'object') throw new TypeError('headers must be an object');
    if (typeof (init as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<unknown>) {
        if (!isPair(pair)) throw new TypeError('Each header pair must be a [name, value] tuple');
        addHeader(out, pair[0], pair[1]);
      }
    } else {
      const record = init as Record<string, unknown>;
      for (const name of Object.keys(record)) addHeader(out, name, record[name]);
    }
  }
  if (body !== undefined) {
    // Always the real byte length: a caller-supplied value could only be wrong.
    out['content-length'] = String(Buffer.byteLength(body));
    if (typeof body === 'string' && out['content-type'] === undefined) {
      out['content-type'] = 'text/plain;charset=UTF-8';
    }
  }
  return out;
}

function isPair(pair: unknown): pair is readonly [unknown, unknown] {
  return Array.isArray(pair) && pair.length === 2;
}

function addHeader(out: Record<string, string>, name: unknown, rawValue: unknown): void {
  const key = String(name).toLowerCase();
  const value = trimHttpWhitespace(String(rawValue));
  const previous = out[key];
  out[key] = previous === undefined ? value : `${previous}, ${value}`;
}

/** Fetch's header value normalisation: strip leading and trailing HTTP whitespace. */
function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start += 1;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * One fetch call: up to two attempts (the stale-socket retry), one Promise, settled once.
 * It is the abort signal's listener (handleEvent) and is found by the shared node:http
 * handlers below through the kExchange symbol.
 */
class Exchange {
  readonly promise: Promise<NodeFetchResponse>;
  private resolve!: (response: NodeFetchResponse) => void;
  private reject!: (error: unknown) => void;
  private settled = false;
  private retried = false;
  /** The current attempt's request and, once assigned, its socket. */
  private req: ClientRequest | undefined = undefined;
  private socket: TaggedSocket | undefined = undefined;
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly fetcher: FetcherState,
    private readonly prepared: PreparedRequest,
  ) {
    this.promise = new Promise<NodeFetchResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const { signal } = prepared;
    if (signal !== undefined) {
      if (signal.aborted) {
        this.fail(signal.reason);
        return;
      }
      signal.addEventListener('abort', this);
    }
    this.send(prepared.pool.keepAlive);
  }

  private send(agent: Agent): void {
    const p = this.prepared;
    let req: TaggedRequest;
    try {
      req = p.pool.request({
        protocol: p.protocol,
        hostname: p.hostname,
        port: p.port,
        path: p.path,
        method: p.method,
        headers: p.headers,
        agent,
      });
    } catch (error) {
      // node:http validates method and headers synchronously (TypeError ERR_INVALID_*).
      this.fail(error);
      return;
    }
    req[kExchange] = this;
    this.req = req;
    this.socket = undefined;
    req.on('socket', onRequestSocket);
    req.on('response', onRequestResponse);
    req.on('error', onRequestError);
    req.end(p.body);
  }

  /** The abort signal fired: reject first, then destroy (the 'error' that causes is ignored). */
  handleEvent(): void {
    if (this.settled) return;
    this.fail(this.prepared.signal?.reason);
    this.req?.destroy();
  }

  socketAssigned(req: ClientRequest, socket: TaggedSocket): void {
    if (req !== this.req) return;
    this.socket = socket;
    // One shared listener per socket for its whole life, first in line so that it sees a
    // byte before the HTTP parser acts on it; reset for every request the socket serves.
    if (socket[kSawBytes] === undefined) socket.prependListener('data', onSocketData);
    socket[kSawBytes] = false;
  }

  requestFailed(req: ClientRequest, error: unknown): void {
    if (this.settled || req !== this.req) return;
    if (
      !this.retried &&
      !this.fetcher.closed &&
      req.reusedSocket &&
      this.socket?.[kSawBytes] !== true &&
      isStaleSocketError(error)
    ) {
      this.retried = true;
      this.send(this.prepared.pool.fresh);
      return;
    }
    this.fail(fetchFailed(error));
  }

  responseStarted(res: TaggedResponse): void {
    res[kExchange] = this;
    res.on('data', onResponseData);
    res.on('end', onResponseEnd);
    res.on('error', onResponseError);
    // Safety net: a response that closes without 'end' or 'error' still settles the call.
    res.on('close', onResponseClose);
  }

  chunk(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  responseEnded(res: IncomingMessage): void {
    if (this.settled) return;
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 599) {
      this.fail(fetchFailed(new RangeError(`Response status ${status} is outside 200-599`)));
      return;
    }
    const { chunks } = this;
    let body: Buffer | null;
    const nullBody = status === 204 || status === 205 || status === 304;
    if (nullBody || this.prepared.method === 'HEAD') body = null;
    else if (chunks.length === 1) body = chunks[0] as Buffer;
    else body = chunks.length === 0 ? EMPTY_BODY : Buffer.concat(chunks, this.length);
    this.chunks = [];
    this.finish();
    const statusText = res.statusMessage ?? '';
    this.resolve(new NodeFetchResponseImpl(status, statusText, this.prepared.url, res.rawHeaders, body));
  }

  /** 'close' follows 'end' or 'error' on every response: only the unsettled case builds an error. */
  responseClosed(): void {
    if (!this.settled) this.fail(fetchFailed(new Error('response closed before its end')));
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.finish();
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    this.prepared.signal?.removeEventListener('abort', this);
  }
}

// Shared node:http handlers: `this` is the emitter, which carries its Exchange.

function onRequestSocket(this: TaggedRequest, socket: Socket): void {
  this[kExchange]?.socketAssigned(this, socket);
}

function onRequestResponse(this: TaggedRequest, res: IncomingMessage): void {
  this[kExchange]?.responseStarted(res);
}

function onRequestError(this: TaggedRequest, error: Error): void {
  this[kExchange]?.requestFailed(this, error);
}

function onSocketData(this: TaggedSocket): void {
  this[kSawBytes] = true;
}

function onResponseData(this: TaggedResponse, chunk: Buffer): void {
  this[kExchange]?.chunk(chunk);
}

function onResponseEnd(this: TaggedResponse): void {
  this[kExchange]?.responseEnded(this);
}

// The connection died mid-body: node:http destroys the response with an 'aborted' ECONNRESET.
function onResponseError(this: TaggedResponse, error: Error): void {
  this[kExchange]?.fail(fetchFailed(error));
}

function onResponseClose(this: TaggedResponse): void {
  this[kExchange]?.responseClosed();
}

function isStaleSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STALE_SOCKET_CODES.has(code);
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** UTF-8 decoding as fetch's text(): a leading BOM is dropped, invalid bytes become U+FFFD. */
function decodeUtf8(bytes: Buffer): string {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    ? bytes.toString('utf8', 3)
    : bytes.toString('utf8');
}

class NodeFetchResponseImpl implements NodeFetchResponse {
  readonly ok: boolean;
  readonly redirected = false as const;
  readonly headers: NodeFetchHeaders;
  #body: Buffer | null;
  #used = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    rawHeaders: readonly string[],
    body: Buffer | null,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.headers = new NodeFetchHeadersImpl(rawHeaders);
    this.#body = body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async text(): Promise<string> {
    return decodeUtf8(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(decodeUtf8(this.#take())) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** The body bytes, once; a null body is never used up (as in fetch). */
  #take(): Buffer {
    const body = this.#body;
    if (body === null) return EMPTY_BODY;
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    this.#body = EMPTY_BODY; // release the bytes
    return body;
  }

  get [Symbol.toStringTag](): string {
    return 'NodeFetchResponse';
  }
}

/**
 * Read-only response headers over node:http's rawHeaders (which keeps repeated fields
 * such as set-cookie apart). Lookups scan the few raw pairs; nothing is built unless
 * the headers are iterated.
 */
class NodeFetchHeadersImpl implements NodeFetchHeaders {
  readonly #raw: readonly string[];
  #sorted: readonly (readonly [string, string])[] | undefined = undefined;

  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const key = String(name).toLowerCase();
    const raw = this.#raw;
    let value: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const field = raw[i] as string;
      if (field.length === key.length && field.toLowerCase() === key) {
        const next = raw[i + 1] as string;
        value = value === null ? next : `${value}, ${next}`;
      }
    }
    return value;
  }

  getSetCookie(): string[] {
    const raw = this.#raw;
    const cookies: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if ((raw[i] as string).toLowerCase() === 'set-cookie') cookies.push(raw[i + 1] as string);
    }
    return cookies;
  }

  has(name: string): boolean {
    const key = String(name).toLowerCase();
    const raw = this.#raw;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if ((raw[i] as string).toLowerCase() === key) return true;
    }
    return false;
  }

  forEach(
    callback: (value: string, name: string, headers: NodeFetchHeaders) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, value] of this.#list()) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of this.#list()) yield [name, value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'NodeFetchHeaders';
  }

  /** Headers' iteration order: sorted lower-case names, set-cookie values one by one. */
  #list(): readonly (readonly [string, string])[] {
    if (this.#sorted !== undefined) return this.#sorted;
    const byName = new Map<string, string[]>();
    const raw = this.#raw;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const values = byName.get(name);
      if (values === undefined) byName.set(name, [raw[i + 1] as string]);
      else values.push(raw[i + 1] as string);
    }
    const list: (readonly [string, string])[] = [];
    for (const name of [...byName.keys()].sort()) {
      const values = byName.get(name) as string[];
      if (name === 'set-cookie') for (const value of values) list.push([name, value]);
      else list.push([name, values.join(', ')]);
    }
    this.#sorted = list;
    return list;
  }
}
