/** The fields of a service error body, read case-insensitively from JSON or from an XML `<Error>`. */
export interface ErrorFields {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  readonly requestId?: string | undefined;
  readonly hostId?: string | undefined;
  readonly recommend?: string | undefined;
}

const FIELDS = ['Code', 'Message', 'RequestId', 'HostId', 'Recommend'] as const;

export function readErrorFields(text: string, contentType: string | null): ErrorFields | undefined {
  const parsed = /xml/i.test(contentType ?? '') || text.trimStart().startsWith('<') ? fromXml(text) : fromJson(text);
  return parsed && (parsed.code !== undefined || parsed.requestId !== undefined) ? parsed : undefined;
}

function fromJson(text: string): ErrorFields | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const byLowerName = new Map(Object.entries(body).map(([key, value]) => [key.toLowerCase(), value]));
  return collect((name) => {
    const value = byLowerName.get(name.toLowerCase());
    return typeof value === 'string' ? value : undefined;
  });
}

// A regular expression, not an XML parser: the error document is flat, and a parser would add
// weight to every edge bundle for a body the gateway rarely sends.
function fromXml(text: string): ErrorFields | undefined {
  if (!/<Error[\s>]/i.test(text)) return undefined;
  return collect((name) => {
    const match = new RegExp(`<${name}>([^<]*)</${name}>`, 'i').exec(text);
    return match ? decodeXmlText(match[1] as string) : undefined;
  });
}

function collect(read: (name: (typeof FIELDS)[number]) => string | undefined): ErrorFields {
  return { code: read('Code'), message: read('Message'), requestId: read('RequestId'), hostId: read('HostId'), recommend: read('Recommend') };
}

function decodeXmlText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, entity: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[entity] as string);
}
