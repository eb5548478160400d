import type { NodeFetchHeaders, NodeFetchResponse } from './index.js';

export const EMPTY_BODY = Buffer.alloc(0);

/** UTF-8 decoding as fetch's text(): a leading BOM is dropped, invalid bytes become U+FFFD. */
function decodeUtf8(bytes: Buffer): string {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    ? bytes.toString('utf8', 3)
    : bytes.toString('utf8');
}

export class NodeFetchResponseImpl implements NodeFetchResponse {
  readonly ok: boolean;
  readonly redirected = false as const;
  readonly headers: NodeFetchHeaders;
  #body: Buffer | null;
  #used = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    rawHeaders: readonly string[],
    body: Buffer | null,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.headers = new NodeFetchHeadersImpl(rawHeaders);
    this.#body = body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async text(): Promise<string> {
    return decodeUtf8(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(decodeUtf8(this.#take())) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** The body bytes, once; a null body is never used up (as in fetch). */
  #take(): Buffer {
    const body = this.#body;
    if (body === null) return EMPTY_BODY;
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    this.#body = EMPTY_BODY; // release the bytes
    return body;
  }

  get [Symbol.toStringTag](): string {
    return 'NodeFetchResponse';
  }
}

/**
 * Read-only response headers over node:http's rawHeaders (which keeps repeated fields
 * such as set-cookie apart). Lookups scan the few raw pairs; nothing is built unless
 * the headers are iterated.
 */
class NodeFetchHeadersImpl implements NodeFetchHeaders {
  readonly #raw: readonly string[];
  #sorted: readonly (readonly [string, string])[] | undefined = undefined;

  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const key = String(name).toLowerCase();
    const raw = this.#raw;
    let value: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const field = raw[i] as string;
      if (field.length === key.length && field.toLowerCase() === key) {
        const next = raw[i + 1] as string;
        value = value === null ? next : `${value}, ${next}`;
      }
    }
    return value;
  }

  getSetCookie(): string[] {
    const raw = this.#raw;
    const cookies: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if ((raw[i] as string).toLowerCase() === 'set-cookie') cookies.push(raw[i + 1] as string);
    }
    return cookies;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  forEach(
    callback: (value: string, name: string, headers: NodeFetchHeaders) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, value] of this.#list()) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of this.#list()) yield [name, value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'NodeFetchHeaders';
  }

  /** Headers' iteration order: sorted lower-case names, set-cookie values one by one. */
  #list(): readonly (readonly [string, string])[] {
    if (this.#sorted !== undefined) return this.#sorted;
    const byName = new Map<string, string[]>();
    const raw = this.#raw;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const values = byName.get(name);
      if (values === undefined) byName.set(name, [raw[i + 1] as string]);
      else values.push(raw[i + 1] as string);
    }
    const list: (readonly [string, string])[] = [];
    for (const name of [...byName.keys()].sort()) {
      const values = byName.get(name) as string[];
      if (name === 'set-cookie') for (const value of values) list.push([name, value]);
      else list.push([name, values.join(', ')]);
    }
    this.#sorted = list;
    return list;
  }
}
