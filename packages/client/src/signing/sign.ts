// Runs on edge runtimes: no Node built-ins here; hashing comes in through a HashProvider.
import { canonicalQueryString, percentEncode } from './canonical.js';
import type { HashProvider } from './hash.js';

export const SIGNATURE_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

export interface SignInput {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly credentials: SigningCredentials;
  readonly date: Date;
  readonly nonce: string;
}

export interface SignedRequest {
  /** Every header to send, lower-case names: the caller's headers plus x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, (STS) x-acs-accesskey-id and x-acs-security-token, and authorization. Never `host` (fetch sets it from the URL). */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

// The signer derives these itself; a caller copy would either be ignored by fetch or forge the result.
const SIGNER_OWNED_HEADERS = new Set(['host', 'authorization']);

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC; the gateway rejects fractional seconds. */
export function formatAcsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 32 lower-case hex chars; Web Crypto keeps this portable to edge runtimes. */
export function randomNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function normalizeCallerHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (SIGNER_OWNED_HEADERS.has(name)) {
      throw new TypeError(`The "${name}" header is set by the signer and must not be supplied.`);
    }
    // Two spellings of one name leave it ambiguous which value is signed and which is sent.
    if (Object.hasOwn(normalized, name)) {
      throw new TypeError(`The "${name}" header is supplied more than once with different casing.`);
    }
    // Send exactly the trimmed value that is signed.
    normalized[name] = value.trim();
  }
  return normalized;
}

function securityHeaders(credentials: SigningCredentials): Record<string, string> {
  if (credentials.securityToken === undefined) return {};
  return {
    'x-acs-accesskey-id': credentials.accessKeyId,
    'x-acs-security-token': credentials.securityToken,
  };
}

function isSignedHeader(name: string): boolean {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

function canonicalUri(path: string): string {
  if (path === '') return '/';
  return path.split('/').map(percentEncode).join('/');
}

function canonicalHeaders(signed: ReadonlyArray<readonly [string, string]>): string {
  return signed.map(([name, value]) => `${name}:${value}\n`).join('');
}

function headersToSend(input: SignInput, payloadHash: string): Record<string, string> {
  // Signer-generated values are spread last so they win over stale caller copies.
  return {
    ...normalizeCallerHeaders(input.headers),
    'x-acs-date': formatAcsDate(input.date),
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': payloadHash,
    ...securityHeaders(input.credentials),
  };
}

function selectSignedHeaders(headers: Readonly<Record<string, string>>, host: string): Array<[string, string]> {
  // Plain `<` is byte order here because header names are lower-case ASCII.
  return Object.entries({ ...headers, host: host.trim() })
    .filter(([name]) => isSignedHeader(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function signRequest(input: SignInput, hash: HashProvider): Promise<SignedRequest> {
  const payloadHash = await hash.sha256Hex(input.body);
  const headers = headersToSend(input, payloadHash);
  const signed = selectSignedHeaders(headers, input.host);
  const signedHeaders = signed.map(([name]) => name).join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQueryString(input.query),
    canonicalHeaders(signed),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const stringToSign = `${SIGNATURE_ALGORITHM}\n${await hash.sha256Hex(canonicalRequest)}`;
  const signature = await hash.hmacSha256Hex(input.credentials.accessKeySecret, stringToSign);
  const credential = input.credentials.accessKeyId;
  headers['authorization'] =
    `${SIGNATURE_ALGORITHM} Credential=${credential},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { headers, canonicalRequest, stringToSign, signedHeaders, signature };
}
