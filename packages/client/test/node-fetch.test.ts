import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNodeFetch } from '../src/transport/node-fetch.js';
import type { NodeFetch } from '../src/transport/node-fetch.js';

interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

let server: Server;
let base: string;
let connections: Socket[] = [];
let seen: SeenRequest[] = [];
// Requests served per server-side socket, to fail a request only when its socket is reused.
const requestsPerSocket = new WeakMap<Socket, number>();
const fetchers: NodeFetch[] = [];

function newFetch(options?: Parameters<typeof createNodeFetch>[0]): NodeFetch {
  const f = createNodeFetch(options);
  fetchers.push(f);
  return f;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ok(res: ServerResponse, text = 'ok'): void {
  res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
}

function countRequestOnSocket(req: IncomingMessage): void {
  requestsPerSocket.set(req.socket, (requestsPerSocket.get(req.socket) ?? 0) + 1);
}

const routes: Record<string, Handler> = {
  '/echo': (req, res, body) => {
    res.writeHead(201, 'Created Here', {
      'content-type': 'application/json',
      'x-reply': 'yes',
      'set-cookie': ['a=1', 'b=2'],
    });
    res.end(JSON.stringify({ method: req.method, url: req.url, body: body.toString('utf8') }));
  },
  '/ok': (_req, res) => ok(res),
  '/slow': (_req, res) => {
    const timer = setTimeout(() => ok(res, 'late'), 300);
    res.on('close', () => clearTimeout(timer));
  },
  '/never': (_req, res) => {
    const timer = setTimeout(() => ok(res, 'too late'), 5000);
    res.on('close', () => clearTimeout(timer));
  },
  '/destroy-before-response': (req) => req.socket.destroy(),
  '/destroy-mid-response': (req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('only ten b', () => req.socket.destroy());
  },
  '/reset-if-reused': (req, res) => {
    if ((requestsPerSocket.get(req.socket) ?? 0) > 1) req.socket.destroy();
    else ok(res, 'fresh');
  },
  '/partial-status-if-reused': (req, res) => {
    // Half a status line, then close: bytes reached the client, so no retry is allowed.
    if ((requestsPerSocket.get(req.socket) ?? 0) > 1) req.socket.end('HTTP/1.1 200');
    else ok(res, 'fresh');
  },
  '/redirect': (_req, res) => res.writeHead(302, { location: '/ok' }).end('moved'),
  '/no-content': (_req, res) => res.writeHead(204).end(),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      countRequestOnSocket(req);
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res, body);
      else res.writeHead(404).end();
    });
  });
  server.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  connections = [];
  seen = [];
});

afterEach(() => {
  for (const f of fetchers.splice(0)) f.close();
  vi.unstubAllEnvs();
});

describe('createNodeFetch', () => {
  it('sends method, path, query, headers and exact body bytes; returns status, headers and text', async () => {
    const nodeFetch = newFetch();
    const body = 'a=1&name=h\u00e9llo \u{1F600}';
    const response = await nodeFetch(`${base}/echo?x=1&y=two#fragment`, {
      method: 'post',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['X-Custom', 'v1'],
      ],
      body,
    });

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/echo?x=1&y=two');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(request?.headers['x-custom']).toBe('v1');
    expect(request?.headers['accept-encoding']).toBeUndefined();
    expect(request?.body.equals(Buffer.from(body, 'utf8'))).toBe(true);

    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created Here');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-reply')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(JSON.parse(await response.text())).toEqual({ method: 'POST', url: '/echo?x=1&y=two', body });
  });

  it('sends a Uint8Array body byte for byte, and defaults a string body to text/plain', async () => {
    const nodeFetch = newFetch();
    const bytes = new Uint8Array([0, 255, 128, 10, 13]);
    await nodeFetch(`${base}/echo`, { method: 'PUT', headers: new Headers({ 'x-a': 'b' }), body: bytes });
    await nodeFetch(`${base}/echo`, { method: 'POST', body: 'plain' });

    expect(seen[0]?.body.equals(Buffer.from(bytes))).toBe(true);
    expect(seen[0]?.headers['content-length']).toBe('5');
    expect(seen[0]?.headers['content-type']).toBeUndefined();
    expect(seen[0]?.headers['x-a']).toBe('b');
    expect(seen[1]?.headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  it('ignores proxy environment variables', async () => {
    vi.stubEnv('HTTP_PROXY', 'http://127.0.0.1:9');
    vi.stubEnv('http_proxy', 'http://127.0.0.1:9');
    const response = await newFetch()(`${base}/ok`);
    expect(await response.text()).toBe('ok');
    expect(seen).toHaveLength(1);
  });

  it('reuses one keep-alive socket for sequential requests', async () => {
    const nodeFetch = newFetch();
    for (let i = 0; i < 5; i += 1) {
      const response = await nodeFetch(`${base}/ok`);
      expect(await response.text()).toBe('ok');
    }
    expect(seen).toHaveLength(5);
    expect(connections).toHaveLength(1);
  });

  it('closes idle sockets after idleSocketTimeoutMs, then opens a new one', async () => {
    const nodeFetch = newFetch({ idleSocketTimeoutMs: 100 });
    await (await nodeFetch(`${base}/ok`)).text();
    await (await nodeFetch(`${base}/ok`)).text();
    expect(connections).toHaveLength(1);
    const firstClosed = new Promise((resolve) => connections[0]?.once('close', resolve));

    await delay(300);
    await (await nodeFetch(`${base}/ok`)).text();

    await firstClosed;
    expect(connections).toHaveLength(2);
  });

  it('does not apply the idle timeout to a request waiting for its response', async () => {
    const nodeFetch = newFetch({ idleSocketTimeoutMs: 100 });
    const response = await nodeFetch(`${base}/slow`);
    expect(await response.text()).toBe('late');
  });

  it('rejects with TypeError (with cause) when the server destroys the socket before responding, without retrying a fresh socket', async () => {
    const error: unknown = await newFetch()(`${base}/destroy-before-response`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeDefined();
    expect(seen).toHaveLength(1);
  });

  it('rejects with TypeError (with cause) when the server destroys the socket mid-response', async () => {
    const error: unknown = await newFetch()(`${base}/destroy-mid-response`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect((error as TypeError).cause).toBeInstanceOf(Error);
  });

  it('retries once on a fresh socket when a reused socket is reset before any response byte', async () => {
    const nodeFetch = newFetch();
    await (await nodeFetch(`${base}/ok`)).text();
    const response = await nodeFetch(`${base}/reset-if-reused`, { method: 'POST', body: 'x' });

    expect(await response.text()).toBe('fresh');
    expect(seen.map((r) => r.url)).toEqual(['/ok', '/reset-if-reused', '/reset-if-reused']);
    expect(seen[2]?.body.toString()).toBe('x');
    expect(connections).toHaveLength(2);
  });

  it('does not retry a reused socket once response bytes arrived', async () => {
    const nodeFetch = newFetch();
    await (await nodeFetch(`${base}/ok`)).text();
    const error: unknown = await nodeFetch(`${base}/partial-status-if-reused`).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(seen.map((r) => r.url)).toEqual(['/ok', '/partial-status-if-reused']);
  });

  it('rejects with TypeError when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error: unknown = await newFetch()(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('rejects an already-aborted signal with its reason, before connecting', async () => {
    const nodeFetch = newFetch();
    const controller = new AbortController();
    controller.abort();
    await expect(nodeFetch(`${base}/ok`, { signal: controller.signal })).rejects.toBe(controller.signal.reason);
    expect((controller.signal.reason as Error).name).toBe('AbortError');

    const custom = new Error('custom reason');
    await expect(nodeFetch(`${base}/ok`, { signal: AbortSignal.abort(custom) })).rejects.toBe(custom);

    await delay(20);
    expect(connections).toHaveLength(0);
    expect(seen).toHaveLength(0);
  });

  it('aborts a request in flight with an AbortError, promptly', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = newFetch()(`${base}/never`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);

    const error: unknown = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('aborts a request in flight with a custom signal.reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    const pending = newFetch()(`${base}/never`, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('returns a 302 as is, without following it', async () => {
    const response = await newFetch()(`${base}/redirect`, { redirect: 'follow' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/ok');
    expect(await response.text()).toBe('moved');
    expect(seen.map((r) => r.url)).toEqual(['/redirect']);
  });

  it('returns a 204 with an empty body, and HEAD with a null body', async () => {
    const nodeFetch = newFetch();
    const noContent = await nodeFetch(`${base}/no-content`);
    expect(noContent.status).toBe(204);
    expect(noContent.body).toBeNull();
    expect(await noContent.text()).toBe('');

    const head = await nodeFetch(`${base}/ok`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(seen.map((r) => r.method)).toEqual(['GET', 'HEAD']);
  });

  it('close() destroys pooled sockets and makes later calls reject with TypeError', async () => {
    const nodeFetch = newFetch();
    await (await nodeFetch(`${base}/ok`)).text();
    expect(connections).toHaveLength(1);
    const socketClosed = new Promise((resolve) => connections[0]?.once('close', resolve));

    nodeFetch.close();
    await socketClosed;
    await expect(nodeFetch(`${base}/ok`)).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(1);
  });

  it('close() fails a request in flight with TypeError and does not retry it', async () => {
    const nodeFetch = newFetch();
    await (await nodeFetch(`${base}/ok`)).text();
    const pending = nodeFetch(`${base}/never`).catch((e: unknown) => e);
    await vi.waitFor(() => expect(seen).toHaveLength(2));

    nodeFetch.close();
    expect(await pending).toBeInstanceOf(TypeError);
    await delay(50);
    expect(seen.map((r) => r.url)).toEqual(['/ok', '/never']);
  });

  it('rejects non-http URLs, invalid URLs and unsupported bodies with TypeError', async () => {
    const nodeFetch = newFetch();
    await expect(nodeFetch('ftp://127.0.0.1/file')).rejects.toBeInstanceOf(TypeError);
    await expect(nodeFetch('file:///etc/hosts')).rejects.toBeInstanceOf(TypeError);
    await expect(nodeFetch('not a url')).rejects.toBeInstanceOf(TypeError);
    await expect(nodeFetch(`${base}/ok`, { body: 'x' })).rejects.toBeInstanceOf(TypeError);
    await expect(
      nodeFetch(`${base}/echo`, { method: 'POST', body: new URLSearchParams({ a: '1' }) }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(0);
  });
});
