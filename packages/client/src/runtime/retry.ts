import type { RetryClass } from '../generated/types-package.js';

export interface RetryBackoff {
  /** The first backoff's upper bound, in ms. */
  readonly baseMs: number;
  /** No backoff exceeds this, in ms. */
  readonly capMs: number;
}

/** The longest `x-acs-retry-after` this client honours; longer waits are capped to it. */
export const MAX_RETRY_AFTER_MS = 20_000;

/** The retry class of a service error: the spec's table (exact codes before prefixes), else by status. */
export function retryClassOf(classes: Readonly<Record<RetryClass, readonly string[]>>, code: string, statusCode: number): RetryClass {
  const entries = Object.entries(classes) as [RetryClass, readonly string[]][];
  const exact = entries.find(([, codes]) => codes.includes(code));
  const prefixed = exact ?? entries.find(([, codes]) => codes.some((entry) => entry.endsWith('*') && code.startsWith(entry.slice(0, -1))));
  if (prefixed) return prefixed[0];
  // Codes such as Rejected.Throttling: the TS SDK treats any code containing "Throttling" as throttling.
  if (code.includes('Throttling')) return 'safe';
  return statusCode >= 500 ? 'ambiguous' : 'never';
}

/** Exponential backoff with full jitter: a uniform wait in [0, min(cap, base·2^(n-1))]. */
export function backoffMs(attempt: number, backoff: RetryBackoff, random: () => number): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `x-acs-retry-after` in ms: only a positive finite number counts; it is capped. */
export function retryAfterMs(headerValue: string | null): number | undefined {
  if (headerValue === null || headerValue.trim() === '') return undefined;
  const value = Number(headerValue);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(value, MAX_RETRY_AFTER_MS);
}
