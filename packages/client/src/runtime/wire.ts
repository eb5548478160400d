import { canonicalQueryString, formEncode } from '../signing/canonical.js';
import type { KeyOrder, OperationDefinition } from './operation.js';

/** The request as it travels: every field a string (or a boolean for the schema), empty ones left out. */
export type WireFields = Record<string, string | boolean>;

/**
 * Turns caller input into wire fields: JSON fields given as objects become compact JSON in the
 * spec's key order, and empty strings count as absent (the API treats both alike). Anything else
 * is passed through unchanged for the schema to judge, so a wrong type is reported, not coerced.
 */
export function toWireFields(operation: OperationDefinition, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined || value === '') continue;
    const order = operation.jsonFields[name];
    fields[name] = order && typeof value === 'object' && value !== null ? JSON.stringify(inKeyOrder(value, order)) : value;
  }
  return fields;
}

/** Copies `value` with the known keys first, in spec order, then any others as given (the schema rejects those). */
function inKeyOrder(value: object, order: KeyOrder): unknown {
  if (Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of [...Object.keys(order), ...Object.keys(source)]) {
    if (!(key in source) || key in ordered) continue;
    const child = source[key];
    const childOrder = order[key];
    ordered[key] = childOrder && typeof child === 'object' && child !== null ? inKeyOrder(child, childOrder) : child;
  }
  return ordered;
}

/** The encoded body and canonical query of validated wire fields. */
export function encodeRequest(operation: OperationDefinition, fields: WireFields): { body: string; query: Record<string, string> } {
  const body: [string, string][] = [];
  for (const name of operation.bodyFields) if (fields[name] !== undefined) body.push([name, String(fields[name])]);
  const query: Record<string, string> = {};
  for (const name of operation.queryFields) if (fields[name] !== undefined) query[name] = String(fields[name]);
  return { body: formEncode(body), query };
}

/** The query string for the URL; the same encoding as the canonical query, so what is signed is what is sent. */
export function queryString(query: Readonly<Record<string, string>>): string {
  const canonical = canonicalQueryString(query);
  return canonical === '' ? '' : `?${canonical}`;
}
