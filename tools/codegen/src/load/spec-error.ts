/** A problem in the spec, located by file and JSON pointer (and line, when the source is known). */
export class SpecError extends Error {
  override readonly name = 'SpecError';

  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`} at ${pointer || '#'}: ${problem}`);
  }
}

/** Encodes path segments as a JSON pointer fragment (`#/paths/~1/post`). */
export function toPointer(path: readonly (string | number)[]): string {
  return `#${path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`;
}

/** Decodes a JSON pointer fragment into path segments. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '#' || pointer === '') return [];
  if (!pointer.startsWith('#/')) throw new Error(`not a local JSON pointer: ${pointer}`);
  return pointer
    .slice(2)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~'));
}
