// Hand-written shapes of the generated error table; they do not depend on the spec.

/**
 * How safe a retry is after this error:
 * - `never`: the request was refused; sending it again fails the same way.
 * - `safe`: the request was refused before it took effect (flow control); retry with backoff.
 * - `ambiguous`: the call may have taken effect (a new code may have been issued); a retry
 *   issues another code, and only the newest one is valid.
 */
export type RetryClass = 'never' | 'safe' | 'ambiguous';

/** One row of the error table: an exact code or a code prefix, with its documented statuses. */
export interface ErrorCodeRule {
  readonly match: { readonly code: string } | { readonly prefix: string };
  /** Every HTTP status the documents give for it; they disagree for some codes. */
  readonly statuses: readonly number[];
  readonly retry: RetryClass;
}
