/**
 * The hashing a signature needs. A provider may answer synchronously (node:crypto) or with a
 * promise (WebCrypto); the signer awaits only promises, which keeps Node's signing path free of
 * needless microtask turns.
 */
export interface HashProvider {
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `data`. */
  sha256Hex(data: string): string | Promise<string>;
  /** Lower-case hex HMAC-SHA256 keyed by the UTF-8 bytes of `secret`, over the UTF-8 bytes of `data`. */
  hmacSha256Hex(secret: string, data: string): string | Promise<string>;
}
