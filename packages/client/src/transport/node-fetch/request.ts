import type { Agent as HttpAgent, ClientRequest, RequestOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';

const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

export type Agent = HttpAgent | HttpsAgent;
type RequestFn = (options: RequestOptions) => ClientRequest;

/** The agents and request function for one protocol. */
export interface Pool {
  readonly request: RequestFn;
  /** Keep-alive pool every first attempt uses. */
  readonly keepAlive: Agent;
  /** Non-pooling agent for the one retry: guarantees a fresh socket, and close() reaches it. */
  readonly fresh: Agent;
}

export interface Pools {
  readonly 'http:': Pool;
  readonly 'https:': Pool;
}

export interface PreparedRequest {
  readonly pool: Pool;
  /** node:http options without the agent; built from the one parsed URL. */
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly path: string;
  readonly method: string;
  /**
   * Flat [name, value, ...] pairs, Host included: node:http then writes them as they are
   * instead of copying each into its header map with setHeader (~20 µs per request on Node 20);
   * it still validates every name and value.
   */
  readonly headers: string[];
  /** The TLS server name, when a caller's Host over https must name it (node:http reads it from a Host it was given with setHeader). */
  readonly servername: string | undefined;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  /** The request URL without its fragment: the response's `url`. */
  readonly url: string;
}

/** What a request needs of its URL; cached per URL string, since a client calls one endpoint. */
interface ParsedUrl {
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: number | undefined;
  readonly host: string;
  readonly path: string;
  readonly url: string;
}

const MAX_CACHED_URLS = 64;

export type UrlCache = Map<string, ParsedUrl>;

// Methods node:http sends without a body by default. Others, when bodiless, get "content-length: 0":
// what node:http wrote for them when given headers with setHeader, and what fetch sends for POST and PUT.
const BODYLESS_BY_DEFAULT = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/** Validates the input the way fetch would; throws TypeError for what is out of scope. */
export function prepareRequest(pools: Pools, urls: UrlCache, input: string | URL, init: RequestInit): PreparedRequest {
  const url = parseUrl(urls, typeof input === 'string' ? input : String(input));
  const method = normaliseMethod(init.method ?? 'GET');
  const body = checkBody(init.body, method);
  const { headers, callerHost } = toOutgoingHeaders(init.headers, body, method, url.host);
  return {
    pool: pools[url.protocol],
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port,
    path: url.path,
    method,
    headers,
    servername: callerHost !== undefined && url.protocol === 'https:' ? serverName(callerHost) : undefined,
    body,
    signal: init.signal ?? undefined,
    url: url.url,
  };
}

function parseUrl(urls: UrlCache, input: string): ParsedUrl {
  const cached = urls.get(input);
  if (cached !== undefined) return cached;
  const url = new URL(input); // throws TypeError for an invalid URL, as fetch does
  const { protocol } = url;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new TypeError(`Unsupported URL scheme ${protocol} (only http: and https:)`);
  }
  // node:http would turn these into an Authorization header; fetch refuses them.
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('Request URL must not include credentials');
  }
  const { hostname, port, href } = url;
  const hash = href.indexOf('#');
  const parsed: ParsedUrl = {
    protocol,
    // node:http wants an IPv6 host without its brackets.
    hostname: hostname.charCodeAt(0) === 91 /* [ */ ? hostname.slice(1, -1) : hostname,
    port: port === '' ? undefined : Number(port),
    // The URL's host: brackets kept, the port only when it is not the scheme's default.
    host: url.host,
    path: url.pathname + url.search,
    url: hash === -1 ? href : href.slice(0, hash),
  };
  if (urls.size >= MAX_CACHED_URLS) urls.clear();
  urls.set(input, parsed);
  return parsed;
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
 * The headers as node:http takes them (see PreparedRequest.headers), lower-case names, without
 * constructing `Headers`: a record, an array of pairs, or any iterable of pairs (a `Headers`
 * instance included).
 */
function toOutgoingHeaders(
  init: HeadersInit | undefined,
  body: string | Uint8Array | undefined,
  method: string,
  host: string,
): { headers: string[]; callerHost: string | undefined } {
  // Built straight into the flat pairs node:http takes; a request has a few headers, so finding
  // a repeated name by a linear scan costs less than an index object would.
  const headers: string[] = [];
  if (init !== undefined && init !== null) {
    if (typeof init !== 'object') throw new TypeError('headers must be an object');
    if (typeof (init as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<unknown>) {
        if (!isPair(pair)) throw new TypeError('Each header pair must be a [name, value] tuple');
        addHeader(headers, pair[0], pair[1]);
      }
    } else {
      const record = init as Record<string, unknown>;
      for (const name of Object.keys(record)) addHeader(headers, name, record[name]);
    }
  }
  // Always the real length: a caller-supplied value could only be wrong (or leave the server
  // waiting for bytes that never come).
  const lengthIndex = headerIndex(headers, 'content-length');
  if (lengthIndex !== -1) headers.splice(lengthIndex, 2);
  if (body !== undefined) {
    headers.push('content-length', String(Buffer.byteLength(body)));
    if (typeof body === 'string' && headerIndex(headers, 'content-type') === -1) headers.push('content-type', 'text/plain;charset=UTF-8');
  } else if (!BODYLESS_BY_DEFAULT.has(method) && headerIndex(headers, 'transfer-encoding') === -1) {
    headers.push('content-length', '0');
  }
  const hostIndex = headerIndex(headers, 'host');
  const callerHost = hostIndex === -1 ? undefined : headers[hostIndex + 1];
  if (callerHost !== undefined && callerHost !== '') return { headers, callerHost };
  // No Host, or an empty one, which node:http would replace too: the URL's.
  if (hostIndex !== -1) headers.splice(hostIndex, 2);
  headers.unshift('host', host);
  return { headers, callerHost: undefined };
}

/** The position of `name` (lower-case) among the flat pairs, or -1. */
function headerIndex(headers: readonly string[], name: string): number {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return i;
  return -1;
}

/**
 * The TLS server name for a caller's Host, as node:http's agent derives it: the host without
 * its port or IPv6 brackets, and none ('') for an IP address, which SNI cannot carry.
 */
function serverName(host: string): string {
  let name = host.split(':', 1)[0] as string;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    name = end === -1 ? host : host.slice(1, end);
  }
  return isIP(name) === 0 ? name : '';
}

function isPair(pair: unknown): pair is readonly [unknown, unknown] {
  return Array.isArray(pair) && pair.length === 2;
}

function addHeader(headers: string[], name: unknown, rawValue: unknown): void {
  const key = String(name).toLowerCase();
  const value = trimHttpWhitespace(String(rawValue));
  const index = headerIndex(headers, key);
  if (index === -1) headers.push(key, value);
  else headers[index + 1] = `${headers[index + 1] as string}, ${value}`;
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
