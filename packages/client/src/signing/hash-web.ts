// Bundled for edge runtimes: only Web Crypto and TextEncoder, no Node built-ins or Buffer.
import type { HashProvider } from './hash.js';

const MAX_CACHED_KEYS = 16;
const encoder = new TextEncoder();

// Promises, not keys, are cached so concurrent first signatures share one importKey call. The
// cache serves every client in the process; when it is full the oldest entry goes (a process
// signs with a handful of secrets, and STS refreshes replace a secret rather than add hot ones).
const keyCache = new Map<string, Promise<CryptoKey>>();

function subtle(): SubtleCrypto {
  // Looked up per call so a runtime (or test) that replaces globalThis.crypto is honoured.
  return globalThis.crypto.subtle;
}

function toHex(buffer: ArrayBuffer): string {
  let hex = '';
  for (const byte of new Uint8Array(buffer)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function cachedHmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (key !== undefined) return key;
  if (keyCache.size >= MAX_CACHED_KEYS) keyCache.delete(keyCache.keys().next().value as string);
  key = subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  keyCache.set(secret, key);
  // A failed import must not poison later attempts with the same secret.
  key.catch(() => {
    if (keyCache.get(secret) === key) keyCache.delete(secret);
  });
  return key;
}

export const hashProvider: HashProvider = {
  async sha256Hex(data) {
    return toHex(await subtle().digest('SHA-256', encoder.encode(data)));
  },
  async hmacSha256Hex(secret, data) {
    const key = await cachedHmacKey(secret);
    return toHex(await subtle().sign('HMAC', key, encoder.encode(data)));
  },
};
