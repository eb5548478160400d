import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { fromPointer, SpecError, toPointer } from './spec-error.js';

/** The parsed spec, with what is needed to report a problem by file, pointer and line. */
export interface LoadedSpec {
  readonly file: string;
  readonly root: Record<string, unknown>;
  /** Builds a SpecError for the value at `path`, with its source line. */
  error(path: readonly (string | number)[], problem: string): SpecError;
}

/** Reads and parses a spec file; every `$ref` must be local and resolvable. `name` is for messages. */
export function loadSpec(path: string, name = path): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecError(name, '#', `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSpec(name, text);
}

/** Parses spec text (YAML or JSON); `file` is used only in messages. */
export function parseSpec(file: string, text: string): LoadedSpec {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [firstError] = document.errors;
  if (firstError) {
    const line = firstError.linePos?.[0].line ?? lineCounter.linePos(firstError.pos[0]).line;
    throw new SpecError(file, '#', `invalid YAML: ${firstError.message.split('\n')[0]}`, line);
  }
  const root: unknown = document.toJS({ maxAliasCount: 100 });
  const spec: LoadedSpec = {
    file,
    root: root as Record<string, unknown>,
    error: (path, problem) => new SpecError(file, toPointer(path), problem, lineOf(document, lineCounter, path)),
  };
  if (!isRecord(root)) throw spec.error([], 'the document must be a mapping');
  checkRefs(spec, root, []);
  return spec;
}

function lineOf(document: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

function checkRefs(spec: LoadedSpec, value: unknown, path: (string | number)[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkRefs(spec, item, [...path, index]));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref') resolveRef(spec, child, [...path, key]);
    else checkRefs(spec, child, [...path, key]);
  }
}

/** Follows a local `$ref`; anything else (another file, a URL) is refused, never fetched. */
export function resolveRef(spec: LoadedSpec, ref: unknown, refPath: readonly (string | number)[]): unknown {
  if (typeof ref !== 'string' || !ref.startsWith('#')) {
    throw spec.error(refPath, `only local $refs ('#/...') are supported, got ${JSON.stringify(ref)}`);
  }
  let segments: string[];
  try {
    segments = fromPointer(ref);
  } catch {
    throw spec.error(refPath, `$ref ${ref} is not a valid JSON pointer`);
  }
  let target: unknown = spec.root;
  for (const segment of segments) {
    target = isRecord(target) || Array.isArray(target) ? (target as Record<string, unknown>)[segment] : undefined;
    if (target === undefined) throw spec.error(refPath, `$ref ${ref} does not resolve`);
  }
  return target;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
