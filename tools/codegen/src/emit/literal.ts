import { propertyKey } from '../names.js';

/** A JSON-like value as a TypeScript literal: two-space indent, bare keys where they are identifiers. */
export function toLiteral(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${toLiteral(item, inner)},\n`).join('')}${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, item]) => `${inner}${propertyKey(key)}: ${toLiteral(item, inner)},\n`).join('')}${indent}}`;
  }
  return JSON.stringify(value);
}
