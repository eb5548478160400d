import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNodeFetch } from '../src/transport/node-fetch/index.js';
import type { NodeFetch } from '../src/transport/node-fetch/index.js';
import { TIMED_FETCH, timedFetchOf, type TimedFetch } from '../src/runtime/timed-fetch.js';
import { prepareRequest, type Pools } from '../src/transport/node-fetch/request.js';

interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];
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
  '/headers': (_req, res) => {
    // Raw pairs keep the case and the repeats as sent; no Date, so two responses compare equal.
    res.sendDate = false;
    res.writeHead(200, [
      ['X-Multi', 'one'],
      ['Content-Type', 'text/plain'],
      ['x-multi', 'two'],
      ['Set-Cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2'],
      ['X-Empty', ''],
      ['Content-Length', '2'],
    ].flat());
    res.end('hi');
  },
  '/bom-json': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"caf\u00e9":[1,2]}', 'utf8')]));
  },
  '/binary': (_req, res) => res.writeHead(200).end(Buffer.from([0, 255, 128, 0xef, 0xbb, 0xbf, 10])),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
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

  it('accepts headers as a record, pairs or any iterable of pairs: lower-case names, trimmed values, repeats joined', async () => {
    const nodeFetch = newFetch();
    await nodeFetch(`${base}/echo`, { headers: { 'X-Dup': ' a ', 'x-dup': 'b\t', 'X-One': '1' } });
    await nodeFetch(`${base}/echo`, { headers: [['X-Dup', 'a'], ['X-DUP', 'b']] });
    await nodeFetch(`${base}/echo`, { headers: new Map([['X-Map', 'yes']]) as unknown as HeadersInit });

    expect(seen[0]?.headers['x-dup']).toBe('a, b');
    expect(seen[0]?.headers['x-one']).toBe('1');
    expect(seen[1]?.headers['x-dup']).toBe('a, b');
    expect(seen[2]?.headers['x-map']).toBe('yes');
    expect(seen[2]?.headers['content-length']).toBeUndefined();
  });

  it('rejects (never throws) with TypeError for a malformed header pair or an invalid header value', async () => {
    const nodeFetch = newFetch();
    const badPair = nodeFetch(`${base}/ok`, { headers: [['x-a', 'b', 'c']] as unknown as HeadersInit });
    await expect(badPair).rejects.toBeInstanceOf(TypeError);
    await expect(nodeFetch(`${base}/ok`, { headers: { 'x-a': 'b\r\nx-injected: 1' } })).rejects.toBeInstanceOf(TypeError);
    await expect(nodeFetch(`${base}/ok`, { headers: { 'bad name': 'v' } })).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(0);
  });

  it('returns a small response object, not a Response: status, statusText, ok, url without fragment, redirected', async () => {
    const nodeFetch = newFetch();
    const response = await nodeFetch(`${base}/echo?q=1#frag`, { method: 'POST', body: 'x' });
    expect(response).not.toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created Here');
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${base}/echo?q=1`);
    expect(response.redirected).toBe(false);

    const missing = await nodeFetch(`${base}/missing`);
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(missing.url).toBe(`${base}/missing`);
  });

  it('exposes response headers as fetch does: case-insensitive get, repeats joined, set-cookie apart, sorted iteration', async () => {
    const ours = (await newFetch()(`${base}/headers`)).headers;
    const real = (await fetch(`${base}/headers`)).headers;

    expect(ours.get('x-multi')).toBe('one, two');
    expect(ours.get('X-MULTI')).toBe(real.get('X-MULTI'));
    expect(ours.get('content-type')).toBe('text/plain');
    expect(ours.get('set-cookie')).toBe('a=1; Path=/, b=2');
    expect(ours.get('x-empty')).toBe('');
    expect(ours.get('x-absent')).toBeNull();
    expect(ours.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(ours.has('Content-Type')).toBe(true);
    expect(ours.has('x-absent')).toBe(false);

    // Same pairs, in the same order, as a real Headers for the same response.
    expect([...ours]).toEqual([...real]);
    expect([...ours.entries()]).toEqual([...real.entries()]);
    const visited: [string, string][] = [];
    const self: unknown[] = [];
    ours.forEach(function (this: unknown, value, name, headers) {
      visited.push([name, value]);
      self.push(this, headers);
    }, 'thisArg');
    expect(visited).toEqual([...real]);
    expect(self.slice(0, 2)).toEqual(['thisArg', ours]);
  });

  it('reads the body once: a second text(), json() or arrayBuffer() rejects with TypeError, as fetch', async () => {
    const nodeFetch = newFetch();
    const response = await nodeFetch(`${base}/ok`);
    expect(response.bodyUsed).toBe(false);
    const first = response.text();
    expect(response.bodyUsed).toBe(true);
    expect(await first).toBe('ok');
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
    await expect(response.json()).rejects.toBeInstanceOf(TypeError);
    await expect(response.arrayBuffer()).rejects.toBeInstanceOf(TypeError);

    const json = await nodeFetch(`${base}/echo`, { method: 'POST', body: 'b' });
    expect(await json.json()).toEqual({ method: 'POST', url: '/echo', body: 'b' });
    await expect(json.text()).rejects.toBeInstanceOf(TypeError);
  });

  it('decodes text() and json() as UTF-8 without a leading BOM, and returns arrayBuffer() bytes exactly', async () => {
    const nodeFetch = newFetch();
    expect(await (await nodeFetch(`${base}/bom-json`)).text()).toBe('{"caf\u00e9":[1,2]}');
    expect(await (await nodeFetch(`${base}/bom-json`)).json()).toEqual({ 'caf\u00e9': [1, 2] });

    const buffer = await (await nodeFetch(`${base}/binary`)).arrayBuffer();
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(buffer)]).toEqual([0, 255, 128, 0xef, 0xbb, 0xbf, 10]);
    await expect((await nodeFetch(`${base}/json-is-not-here`)).json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('never loads undici (Headers, Response) for a request and its response', async () => {
    // In a fresh process: this test process may have loaded undici already.
    const bundled = await build({
      entryPoints: [join(import.meta.dirname, '../src/transport/node-fetch/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const dir = mkdtempSync(join(tmpdir(), 'node-fetch-undici-'));
    try {
      const file = join(dir, 'probe.mjs');
      writeFileSync(
        file,
        `${bundled.outputFiles[0]!.text}
const nodeFetch = createNodeFetch();
const response = await nodeFetch(process.argv[2], { method: 'POST', headers: { 'x-a': 'b' }, body: 'z', signal: new AbortController().signal });
const result = { status: response.status, type: response.headers.get('content-type'), all: [...response.headers].length > 0, body: await response.json() };
nodeFetch.close();
console.log(JSON.stringify({ ...result, undici: process.moduleLoadList.filter((name) => name.includes('undici')) }));
`,
      );
      const output = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [file, `${base}/echo`], { env: { PATH: process.env.PATH } }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        );
      });
      expect(JSON.parse(output)).toEqual({
        status: 201,
        type: 'application/json',
        all: true,
        body: { method: 'POST', url: '/echo', body: 'z' },
        undici: [],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  it('aborts a request in flight with an AbortError', async () => {
    // /never never answers: without the abort, this test would hit its time limit.
    const controller = new AbortController();
    const pending = newFetch()(`${base}/never`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);

    const error: unknown = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
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

  it('returns a 204 and HEAD with a null body, which reads as empty any number of times, as fetch', async () => {
    const nodeFetch = newFetch();
    const noContent = await nodeFetch(`${base}/no-content`);
    expect(noContent.status).toBe(204);
    expect(await noContent.text()).toBe('');
    expect(await noContent.text()).toBe('');
    expect(noContent.bodyUsed).toBe(false);

    const head = await nodeFetch(`${base}/ok`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/plain');
    expect(await head.text()).toBe('');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
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

  it('sends Host from the URL (port kept), or the caller\'s Host; Content-Length 0 for a bodiless POST, none for GET', async () => {
    const nodeFetch = newFetch();
    await nodeFetch(`${base}/ok`, { method: 'POST' });
    await nodeFetch(`${base}/ok`, { headers: { Host: 'example.test' } });
    await nodeFetch(new URL(`${base}/echo?q=1#fragment`));

    expect(seen[0]?.headers.host).toBe(new URL(base).host);
    expect(seen[0]?.headers['content-length']).toBe('0');
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
    expect(seen[1]?.headers.host).toBe('example.test');
    expect(seen[1]?.rawHeaders.filter((name) => name.toLowerCase() === 'host')).toHaveLength(1);
    expect(seen[2]?.url).toBe('/echo?q=1');
    expect(seen[2]?.headers['content-length']).toBeUndefined();
  });

  it('keeps working across many distinct URLs (its parsed-URL cache is bounded and only holds valid URLs)', async () => {
    const nodeFetch = newFetch();
    for (let i = 0; i < 70; i++) expect((await nodeFetch(`${base}/echo?i=${i}`)).status).toBe(201);
    await expect(nodeFetch('not a url')).rejects.toBeInstanceOf(TypeError);
    await expect(nodeFetch('not a url')).rejects.toBeInstanceOf(TypeError);
    expect((await nodeFetch(`${base}/echo?i=0`)).status).toBe(201);
    expect(seen.map((r) => r.url).slice(-2)).toEqual(['/echo?i=69', '/echo?i=0']);
  });

  describe('the client\'s deadline path (TIMED_FETCH)', () => {
    const timedOf = (f: NodeFetch): TimedFetch => {
      const timed = timedFetchOf(f);
      if (timed === undefined) throw new Error('createNodeFetch() has no TIMED_FETCH method');
      return timed;
    };

    it('is a non-enumerable property of createNodeFetch(), used only on the NodeFetch itself', () => {
      const nodeFetch = newFetch();
      expect(typeof timedFetchOf(nodeFetch)).toBe('function');
      expect(Object.getOwnPropertyDescriptor(nodeFetch, TIMED_FETCH)?.enumerable).toBe(false);
      // A wrapper must be called, not bypassed: neither a Proxy nor a function inheriting from it qualifies.
      const proxy = new Proxy(nodeFetch, { apply: (target, self, args: Parameters<NodeFetch>) => Reflect.apply(target, self, args) });
      expect(timedFetchOf(proxy)).toBeUndefined();
      expect(timedFetchOf(Object.setPrototypeOf((...args: Parameters<NodeFetch>) => nodeFetch(...args), nodeFetch) as NodeFetch)).toBeUndefined();
    });

    it('clears its timer once it settles: on success and when close() fails it', async () => {
      const DEADLINE_MS = 61_234; // only these exchanges use this delay
      const started: unknown[] = [];
      const cleared = new Set<unknown>();
      const realSetTimeout = globalThis.setTimeout;
      const realClearTimeout = globalThis.clearTimeout;
      vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number, ...args: unknown[]) => {
        const handle = realSetTimeout(callback, ms, ...args);
        if (ms === DEADLINE_MS) started.push(handle);
        return handle;
      }) as typeof setTimeout);
      vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
        cleared.add(handle);
        realClearTimeout(handle);
      });
      try {
        const nodeFetch = newFetch();
        const response = await timedOf(nodeFetch)(`${base}/ok`, { method: 'GET', headers: {} }, DEADLINE_MS, {});
        await response.text();
        const pending = timedOf(nodeFetch)(`${base}/never`, { method: 'GET', headers: {} }, DEADLINE_MS, {}).catch((e: unknown) => e);
        await vi.waitFor(() => expect(seen.at(-1)?.url).toBe('/never'));
        nodeFetch.close();
        expect(await pending).toBeInstanceOf(TypeError);
        expect(started).toHaveLength(2);
        for (const handle of started) expect(cleared.has(handle)).toBe(true);
      } finally {
        vi.restoreAllMocks();
      }
    });

    it('answers like the fetch function when in time', async () => {
      const reason = {};
      const response = await timedOf(newFetch())(`${base}/echo`, { method: 'POST', headers: { 'x-a': 'b' }, body: 'hi' }, 5000, reason);
      expect(response.status).toBe(201);
      expect(JSON.parse(await response.text())).toEqual({ method: 'POST', url: '/echo', body: 'hi' });
      expect(seen[0]?.headers['x-a']).toBe('b');
    });

    it('rejects with the given reason itself when the deadline passes, and tears the request down', async () => {
      const reason = {};
      const pending = timedOf(newFetch())(`${base}/never`, { method: 'GET', headers: {} }, 50, reason);
      await expect(pending).rejects.toBe(reason);
      await vi.waitFor(() => expect(connections[0]?.destroyed).toBe(true));
    });

    it('lets the caller\'s signal abort first, with its reason', async () => {
      const controller = new AbortController();
      const pending = timedOf(newFetch())(`${base}/never`, { method: 'GET', headers: {}, signal: controller.signal }, 5000, {});
      setTimeout(() => controller.abort(), 30);
      const error: unknown = await pending.catch((e: unknown) => e);
      expect((error as Error).name).toBe('AbortError');
    });
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

describe('createNodeFetch request preparation', () => {
  const pools = { 'http:': {}, 'https:': {} } as unknown as Pools;
  const prepare = (url: string, init: RequestInit = {}) => prepareRequest(pools, new Map(), url, init);
  // Names are at even positions; values at the odd position after them.
  const names = (headers: readonly string[]) => headers.filter((_, i) => i % 2 === 0);
  const header = (headers: readonly string[], name: string) => {
    const index = names(headers).indexOf(name);
    return index === -1 ? undefined : headers[2 * index + 1];
  };

  it('derives Host from the URL: IPv6 brackets kept, a default port dropped', () => {
    const ipv6 = prepare('http://[::1]:8080/a?b=1#c');
    expect(ipv6).toMatchObject({ hostname: '::1', port: 8080, path: '/a?b=1', url: 'http://[::1]:8080/a?b=1', servername: undefined });
    expect(header(ipv6.headers, 'host')).toBe('[::1]:8080');
    const defaultPort = prepare('https://example.test:443/');
    expect(defaultPort.port).toBeUndefined();
    expect(header(defaultPort.headers, 'host')).toBe('example.test');
  });

  it.each([
    ['api.example.test:8443', 'api.example.test'],
    ['api.example.test', 'api.example.test'],
    ['10.0.0.5', ''],
    ['[::1]:443', ''],
  ])('over https, a caller Host %j names the TLS server %j, as node:http does', (host, servername) => {
    const prepared = prepare('https://10.0.0.5/x', { headers: { Host: host } });
    expect(prepared.servername).toBe(servername);
    expect(names(prepared.headers).filter((name) => name === 'host')).toHaveLength(1);
    expect(header(prepared.headers, 'host')).toBe(host);
  });

  it('treats an empty caller Host as none, and leaves plain http without a server name', () => {
    const empty = prepare('https://example.test/', { headers: { host: '' } });
    expect(header(empty.headers, 'host')).toBe('example.test');
    expect(empty.servername).toBeUndefined();
    expect(prepare('http://127.0.0.1:1/', { headers: { host: 'other.test' } }).servername).toBeUndefined();
  });

  it.each([
    ['POST', {}, '0'],
    ['PUT', {}, '0'],
    ['PATCH', {}, '0'],
    ['DELETE', {}, undefined],
    ['GET', {}, undefined],
    ['POST', { 'transfer-encoding': 'chunked' }, undefined],
    ['POST', { 'Content-Length': '5' }, '0'],
    ['GET', { 'content-length': '5' }, undefined],
  ] as const)('a bodiless %s with headers %j sends content-length %j', (method, headers, contentLength) => {
    const prepared = prepare('http://127.0.0.1:1/', { method, headers });
    expect(header(prepared.headers, 'content-length')).toBe(contentLength);
    expect(names(prepared.headers).filter((name) => name === 'content-length').length).toBe(contentLength === undefined ? 0 : 1);
  });

  it('sends the body\'s own byte length whatever content-length the caller gave', () => {
    const prepared = prepare('http://127.0.0.1:1/', { method: 'POST', headers: { 'Content-Length': '1', 'content-type': 'x/y' }, body: 'Zoë' });
    expect(header(prepared.headers, 'content-length')).toBe('4');
    expect(names(prepared.headers).filter((name) => name === 'content-length')).toHaveLength(1);
    expect(header(prepared.headers, 'content-type')).toBe('x/y');
  });

  it('treats names like __proto__ and constructor as plain headers, and joins repeats as fetch does', () => {
    const prepared = prepare('http://127.0.0.1:1/', { headers: [['__proto__', 'a'], ['constructor', 'b'], ['X-Rep', '1'], ['x-rep', '2']] });
    expect(header(prepared.headers, '__proto__')).toBe('a');
    expect(header(prepared.headers, 'constructor')).toBe('b');
    expect(header(prepared.headers, 'x-rep')).toBe('1, 2');
    expect(names(prepared.headers)[0]).toBe('host');
  });
});
