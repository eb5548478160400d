// A real HTTP server on 127.0.0.1 that plays the service: it verifies every request's ACS3
// signature with its own code (node:crypto, written apart from src/signing), records what it
// received, and answers with the next scripted reply.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_CREDENTIALS = { accessKeyId: 'TestAccessKeyId', accessKeySecret: 'test-secret-7f3a9c', securityToken: 'test-token-51be20' };
export const SUCCESS_BODY = {
  RequestId: '1CBAFFAB-B697-4049-A9B1-67E1FC5F0001',
  AuthModel: { AuthCode: 'acv2-test-auth-code-0d8e7f', EndUserId: 'alice', ExpireTime: '2015-01-23T12:33:18Z' },
};

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly signatureValid: boolean;
}

/** One scripted reply: write a response, or misbehave at the socket level. */
export type Reply = (response: ServerResponse, request: IncomingMessage) => void;

export const reply = {
  json: (status: number, body: unknown, headers: Record<string, string> = {}): Reply => (response) => {
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  },
  success: (): Reply => reply.json(200, SUCCESS_BODY),
  serviceError: (status: number, code: string, headers: Record<string, string> = {}): Reply =>
    reply.json(status, { RequestId: `req-${code}`, HostId: 'appstream-center.cn-shanghai.aliyuncs.com', Code: code, Message: `${code} happened` }, headers),
  text: (status: number, body: string, contentType: string): Reply => (response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  },
  /** Declares a longer body than it sends, then closes the connection. */
  truncated: (): Reply => (response) => {
    const full = JSON.stringify(SUCCESS_BODY);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
    response.write(full.slice(0, 20));
    setTimeout(() => response.socket?.destroy(), 10);
  },
  reset: (): Reply => (_response, request) => request.socket.destroy(),
  delayed: (ms: number, then: Reply): Reply => (response, request) => {
    const timer = setTimeout(() => then(response, request), ms);
    response.on('close', () => clearTimeout(timer));
  },
};

export interface MockService {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Replies used in order; the last one repeats. No reply: success. Clears the recorded requests. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startMockService(secret = TEST_CREDENTIALS.accessKeySecret): Promise<MockService> {
  const requests: RecordedRequest[] = [];
  let replies: Reply[] = [reply.success()];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, signatureValid: verifySignature(request, body, secret) });
      const next = replies.length > 1 ? (replies.shift() as Reply) : (replies[0] as Reply);
      next(response, request);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => {
      replies = next.length > 0 ? next : [reply.success()];
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** ACS3-HMAC-SHA256 verification from the published rules, independent of the client's signer. */
export function verifySignature(request: IncomingMessage, body: string, secret: string): boolean {
  const authorization = request.headers.authorization ?? '';
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return false;
  const [, , signedHeaders, signature] = match as unknown as [string, string, string, string];
  const names = signedHeaders.split(';');
  if (names.join(';') !== [...names].sort().join(';')) return false;
  const required = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
  const presentAcs = Object.keys(request.headers).filter((name) => name.startsWith('x-acs-') || name === 'content-type' || name === 'host');
  if (!required.every((name) => names.includes(name)) || !presentAcs.every((name) => names.includes(name))) return false;
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  if (request.headers['x-acs-content-sha256'] !== sha256(body)) return false;
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  const headerLines = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
  const canonical = [request.method, url.pathname, query, headerLines, signedHeaders, sha256(body)].join('\n');
  const expected = createHmac('sha256', secret).update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`).digest('hex');
  return expected === signature;
}
