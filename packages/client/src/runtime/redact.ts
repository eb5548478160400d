export const REDACTED = '***';

/** Headers whose values are secrets: they appear as *** in hooks, errors and CLI output. */
const SECRET_HEADERS = new Set(['authorization', 'x-acs-security-token']);

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]));
}

/** A deep copy of `body` with each secret path (for example AuthModel.AuthCode) replaced by ***. */
export function redactPaths(body: unknown, paths: readonly (readonly string[])[]): unknown {
  if (typeof body !== 'object' || body === null) return body;
  // A JSON round trip, not structuredClone: the body came from JSON, and edge sandboxes may lack structuredClone.
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  for (const path of paths) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    const last = path.at(-1) as string;
    if (typeof node === 'object' && node !== null && last in node) (node as Record<string, unknown>)[last] = REDACTED;
  }
  return copy;
}

/** Text with every given secret value replaced by ***: for canonical requests and other derived text. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets.reduce<string>((result, secret) => (secret ? result.split(secret).join(REDACTED) : result), text);
}
