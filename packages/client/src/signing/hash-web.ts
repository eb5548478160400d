// Bundled for edge runtimes: only Web Crypto and TextEncoder, no Node built-ins or Buffer.
import type { HashProvider } from './hash.js';

const MAX_CACHED_KEYS = 16;
const encoder = new TextEncoder();

// Promises, not keys, are cached so concurrent first signatures share one importKey call.
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

function importHmacKey(secret: string): Promise<CryptoKey> {
  return subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

function cachedHmacKey(secret: string): Promise<CryptoKey> {
  const hit = keyCache.get(secret);
  if (hit !== undefined) {
    // Re-insert so Map order tracks recency and eviction drops the least recently used secret.
    keyCache.delete(secret);
    keyCache.set(secret, hit);
    return hit;
  }
  const key = importHmacKey(secret);
  // A failed import must not poison later attempts with the same secret.
  key.catch(() => {
    if (keyCache.get(secret) === key) keyCache.delete(secret);
  });
  keyCache.set(secret, key);
  evictOverflow();
  return key;
}

function evictOverflow(): void {
  while (keyCache.size > MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next();
    if (oldest.done === true) return;
    keyCache.delete(oldest.value);
  }
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
