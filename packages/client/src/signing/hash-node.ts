import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';
import type { HashProvider } from './hash.js';

const MAX_CACHED_KEYS = 16;
// HMAC keys per secret: importing a string key on every signature is measurable on Node.
const keys = new Map<string, KeyObject>();

function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key === undefined) {
    if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string);
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

// Synchronous: the signer then runs without promise turns on Node (see HashProvider).
export const hashProvider: HashProvider = {
  // The one-shot hash() (Node 20.12+) skips creating a Hash object per call.
  sha256Hex: (data) => hash('sha256', data, 'hex'),
  hmacSha256Hex: (secret, data) => createHmac('sha256', hmacKey(secret)).update(data, 'utf8').digest('hex'),
};
