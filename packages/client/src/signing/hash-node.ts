import { createHash, createHmac } from 'node:crypto';
import type { HashProvider } from './hash.js';

// Async only to share the HashProvider contract with the Web Crypto provider.
export const hashProvider: HashProvider = {
  sha256Hex: async (data) => createHash('sha256').update(data, 'utf8').digest('hex'),
  hmacSha256Hex: async (secret, data) => createHmac('sha256', secret).update(data, 'utf8').digest('hex'),
};
