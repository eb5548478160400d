/** RFC 3986 encoding for canonical query names/values: only `A-Z a-z 0-9 - _ . ~` stay literal. */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves `! ' ( ) *` literal, which the V3 canonical form forbids.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

// Code-point order equals UTF-8 byte order; plain `<` on UTF-16 units does not for astral characters.
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const right = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

export function canonicalQueryString(query: Readonly<Record<string, string>>): string {
  const names = Object.keys(query);
  if (names.length === 0) return '';
  return names
    .sort(compareCodePoints)
    .map((name) => `${percentEncode(name)}=${percentEncode(query[name] ?? '')}`)
    .join('&');
}

/**
 * The request body encoding. It deliberately differs from percentEncode: the Node SDK sends
 * `! ' ( ) * ~` literally, and the body hash must match the bytes actually sent.
 */
export function formEncode(fields: ReadonlyArray<readonly [string, string]>): string {
  let encoded = '';
  for (const [key, value] of fields) encoded += `${encoded === '' ? '' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  return encoded;
}
