/** Text from the spec, made safe inside a JSDoc block: `*\/` would end the comment early. */
export function escapeDocText(text: string): string {
  return text.replaceAll('*/', '*\\/').replaceAll('\r\n', '\n').trimEnd();
}

export interface DocSource {
  readonly description?: string;
  readonly example?: unknown;
  readonly default?: unknown;
  readonly format?: string;
}

/** The JSDoc body for a declaration: description, then `@format`, `@default` and `@example` tags. */
export function docText(source: DocSource): string | undefined {
  const parts: string[] = [];
  if (source.description) parts.push(source.description);
  if (source.format) parts.push(`@format ${source.format}`);
  if (source.default !== undefined) parts.push(`@default ${JSON.stringify(source.default)}`);
  if (source.example !== undefined) parts.push(`@example ${exampleText(source.example)}`);
  return parts.length === 0 ? undefined : escapeDocText(parts.join('\n'));
}

function exampleText(example: unknown): string {
  return typeof example === 'string' ? example : JSON.stringify(example);
}
