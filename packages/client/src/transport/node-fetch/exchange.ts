import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { NodeFetchResponse } from './index.js';
import type { Agent, Pools, PreparedRequest, UrlCache } from './request.js';
import { EMPTY_BODY, NodeFetchResponseImpl } from './response.js';

const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export interface FetcherState {
  readonly pools: Pools;
  readonly urls: UrlCache;
  closed: boolean;
}

/** A deadline of the exchange's own (the client's attempt timeout): rejects with `reason`. */
export interface ExchangeTimeout {
  readonly ms: number;
  readonly reason: object;
}

// The Exchange of a request or response, and whether response bytes reached a socket since
// its current request got it. Symbols: nothing else reads or collides with them.
const kExchange = Symbol('nodeFetch.exchange');
const kSawBytes = Symbol('nodeFetch.sawBytes');
type TaggedRequest = ClientRequest & { [kExchange]?: Exchange };
type TaggedResponse = IncomingMessage & { [kExchange]?: Exchange };
type TaggedSocket = Socket & { [kSawBytes]?: boolean };

/**
 * One fetch call: up to two attempts (the stale-socket retry), one Promise, settled once.
 * It is the abort signal's listener (handleEvent) and is found by the shared node:http
 * handlers below through the kExchange symbol.
 */
export class Exchange {
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
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    private readonly fetcher: FetcherState,
    private readonly prepared: PreparedRequest,
    timeout?: ExchangeTimeout,
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
    if (timeout !== undefined) this.timer = setTimeout(onExchangeTimeout, timeout.ms, this, timeout.reason);
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
        ...(p.servername === undefined ? {} : { servername: p.servername }),
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

  /** The abort signal fired. */
  handleEvent(): void {
    this.abort(this.prepared.signal?.reason);
  }

  /** Rejects with `reason` first, then destroys the request (the 'error' that causes is ignored). */
  abort(reason: unknown): void {
    if (this.settled) return;
    this.fail(reason);
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
    clearTimeout(this.timer);
    this.prepared.signal?.removeEventListener('abort', this);
  }
}

function onExchangeTimeout(exchange: Exchange, reason: object): void {
  exchange.abort(reason);
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

export function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}
