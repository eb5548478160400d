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
  /** The caller's headers, normalised once by `signingHeaders`. */
  readonly headers: SigningHeaders;
  readonly body: string;
  readonly credentials: SigningCredentials;
  readonly date: Date;
  readonly nonce: string;
}

/**
 * A caller's header set, checked and normalised once and then reused for every signature with
 * it: the client builds one per operation, so an attempt pays only for what changes (date,
 * nonce, body hash, credentials).
 */
export interface SigningHeaders {
  /** Lower-case names and trimmed values: what is signed is what is sent. */
  readonly entries: ReadonlyArray<readonly [string, string]>;
  /** The signed header names in byte order, and their `;` list, without and with the STS headers. */
  readonly signed: SignedNames;
  readonly signedWithToken: SignedNames;
}

interface SignedNames {
  readonly names: readonly string[];
  readonly list: string;
}

export interface SignedRequest {
  /** Every header to send, lower-case names: the caller's headers plus x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, (STS) x-acs-accesskey-id and x-acs-security-token, and authorization. Never `host` (fetch sets it from the URL). */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

// The last formatted second: calls in the same second reuse it (toISOString is a visible
// share of a signature's cost on Node).
let lastSecond = Number.NaN;
let lastFormatted = '';

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC; the gateway rejects fractional seconds. */
export function formatAcsDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastFormatted = `${date.toISOString().slice(0, 19)}Z`;
    lastSecond = second;
  }
  return lastFormatted;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const NONCE_BYTES = 16;
// Random bytes are drawn in batches: one getRandomValues call per nonce costs more than the
// rest of signing on Node. The bytes still come from the platform CSPRNG, and none is reused.
const POOL_BYTES = NONCE_BYTES * 256;
let pool = new Uint8Array(0);
let poolOffset = 0;

/** 32 lower-case hex chars; Web Crypto keeps this portable to edge runtimes. */
export function randomNonce(): string {
  if (poolOffset + NONCE_BYTES > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    poolOffset = 0;
  }
  let nonce = '';
  for (let end = poolOffset + NONCE_BYTES; poolOffset < end; poolOffset++) nonce += HEX[pool[poolOffset] as number];
  return nonce;
}

// Set by the signer on every signature; a caller value would be overwritten or contradict it.
const SIGNER_HEADERS = new Set(['host', 'authorization', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'x-acs-accesskey-id', 'x-acs-security-token']);
const SIGNER_SIGNED = ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const TOKEN_SIGNED = ['x-acs-accesskey-id', 'x-acs-security-token'];

/**
 * Normalises a caller's headers for signing: names lower-cased, values trimmed. Headers the
 * signer sets are refused, and so is one name in two spellings (which value would be signed?).
 */
export function signingHeaders(headers: Readonly<Record<string, string>>): SigningHeaders {
  const entries: [string, string][] = [];
  for (const rawName of Object.keys(headers)) {
    const name = rawName.toLowerCase();
    if (SIGNER_HEADERS.has(name)) throw new TypeError(`The "${name}" header is set by the signer and must not be supplied.`);
    if (entries.some(([seen]) => seen === name)) throw new TypeError(`The "${name}" header is supplied more than once with different casing.`);
    entries.push([name, (headers[rawName] as string).trim()]);
  }
  const callerSigned = entries.map(([name]) => name).filter((name) => name === 'content-type' || name.startsWith('x-acs-'));
  return {
    entries,
    signed: signedNames([...callerSigned, ...SIGNER_SIGNED]),
    signedWithToken: signedNames([...callerSigned, ...SIGNER_SIGNED, ...TOKEN_SIGNED]),
  };
}

function signedNames(names: string[]): SignedNames {
  // Plain `<` is byte order here: header names are lower-case ASCII.
  names.sort();
  return { names, list: names.join(';') };
}

function canonicalUri(path: string): string {
  if (path === '/' || path === '') return '/';
  return path.split('/').map(percentEncode).join('/');
}

/**
 * Signs a request. With a synchronous HashProvider (node:crypto) the result is returned
 * directly, so Node pays no promise turns; with WebCrypto it is a promise. Either way,
 * `await signRequest(...)` works.
 */
export function signRequest(input: SignInput, hash: HashProvider): SignedRequest | Promise<SignedRequest> {
  return then(hash.sha256Hex(input.body), (payloadHash) => {
    const { accessKeyId, accessKeySecret, securityToken } = input.credentials;
    const headers: Record<string, string> = {};
    for (const [name, value] of input.headers.entries) headers[name] = value;
    headers['x-acs-date'] = formatAcsDate(input.date);
    headers['x-acs-signature-nonce'] = input.nonce;
    headers['x-acs-content-sha256'] = payloadHash;
    if (securityToken !== undefined) {
      headers['x-acs-accesskey-id'] = accessKeyId;
      headers['x-acs-security-token'] = securityToken;
    }
    const signed = securityToken === undefined ? input.headers.signed : input.headers.signedWithToken;
    const host = input.host.trim();
    let canonicalHeaders = '';
    for (const name of signed.names) canonicalHeaders += `${name}:${name === 'host' ? host : headers[name]}\n`;
    const canonicalRequest = `${input.method.toUpperCase()}\n${canonicalUri(input.path)}\n${canonicalQueryString(input.query)}\n${canonicalHeaders}\n${signed.list}\n${payloadHash}`;
    return then(hash.sha256Hex(canonicalRequest), (canonicalHash) => {
      const stringToSign = `${SIGNATURE_ALGORITHM}\n${canonicalHash}`;
      return then(hash.hmacSha256Hex(accessKeySecret, stringToSign), (signature) => {
        headers['authorization'] = `${SIGNATURE_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signed.list},Signature=${signature}`;
        return { headers, canonicalRequest, stringToSign, signedHeaders: signed.list, signature };
      });
    });
  });
}

/** Continues at once with a string, or after the promise settles. */
function then<T>(value: string | Promise<string>, next: (resolved: string) => T | Promise<T>): T | Promise<T> {
  return typeof value === 'string' ? next(value) : value.then(next);
}
