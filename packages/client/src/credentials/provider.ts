// Portable credentials handling: no Node built-ins may be imported here (this ships to edge runtimes).
import { CredentialsError, isCredentialsError } from '../errors/credentials-error.js';
import { REDACTED } from '../runtime/redact.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

export interface ProvidedCredentials extends Credentials {
  /** When these stop being valid. */
  readonly expiration?: Date | undefined;
}

export type CredentialsProvider = () => Promise<ProvidedCredentials>;

export type CredentialsOption = Credentials | CredentialsProvider;

/** Provider credentials are refreshed this long before their `expiration`: 5 minutes. */
export const REFRESH_WINDOW_MS: number = 5 * 60 * 1000;

/** The shortest time provider credentials are kept, unless they expire sooner. */
export const MIN_REFRESH_INTERVAL_MS = 10 * 1000;

// The key Node's util.inspect looks up; Symbol.for keeps this file free of a node:util import.
const INSPECT_CUSTOM = Symbol.for('nodejs.util.inspect.custom');

/**
 * A frozen copy of `c` that does not leak its secrets when logged: `accessKeySecret` and
 * `securityToken` stay readable but are non-enumerable, and JSON.stringify, String() and
 * Node's util.inspect show them as '***'. (Spreading the object copies only accessKeyId.)
 */
export function redactedCredentials(c: Credentials): Credentials {
  const view = (): Record<string, string> => ({
    accessKeyId: c.accessKeyId,
    accessKeySecret: REDACTED,
    ...(c.securityToken === undefined ? {} : { securityToken: REDACTED }),
  });
  const out = {};
  const properties: PropertyDescriptorMap = {
    accessKeyId: { value: c.accessKeyId, enumerable: true },
    accessKeySecret: { value: c.accessKeySecret, enumerable: false },
    toJSON: { value: view, enumerable: false },
    toString: { value: () => `Credentials ${JSON.stringify(view())}`, enumerable: false },
    [INSPECT_CUSTOM]: { value: view, enumerable: false },
  };
  if (c.securityToken !== undefined) properties['securityToken'] = { value: c.securityToken, enumerable: false };
  Object.defineProperties(out, properties);
  return Object.freeze(out) as Credentials;
}

/** Checks the shape of `value`; messages name the field, never its value. */
function validateCredentials(value: unknown, origin: string): Credentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  for (const field of ['accessKeyId', 'accessKeySecret', 'securityToken'] as const) {
    const optional = field === 'securityToken';
    const fieldValue = record[field];
    // Credential values go into headers: surrounding whitespace would be signed but not sent, and a
    // control character makes fetch throw an error that quotes the whole header.
    const valid = typeof fieldValue === 'string' && (optional || fieldValue !== '') && !/^\s|\s$|[\u0000-\u001f\u007f]/.test(fieldValue);
    if (!valid && !(optional && fieldValue === undefined)) {
      throw new CredentialsError('InvalidCredentials', `${origin}: ${field} must be a ${optional ? '' : 'non-empty '}string without surrounding whitespace or control characters`);
    }
  }
  const { accessKeyId, accessKeySecret, securityToken } = record as unknown as Credentials;
  return securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken };
}

function validateExpiration(value: unknown, origin: string): Date | undefined {
  if (value === undefined) return undefined;
  // Object.prototype.toString rather than instanceof: a Date from another realm (vm, iframe) is still a Date.
  if (Object.prototype.toString.call(value) !== '[object Date]' || Number.isNaN((value as Date).getTime())) {
    throw new CredentialsError('InvalidCredentials', `${origin}: expiration must be a valid Date when present`);
  }
  return value as Date;
}

/**
 * A function returning current credentials: static ones as they are (validated once), a provider's
 * cached and refreshed REFRESH_WINDOW_MS (5 minutes) before `expiration`, with at most one refresh in
 * flight (concurrent callers share it); a failed refresh rejects those callers and the next call tries
 * again; credentials without expiration are cached forever.
 *
 * Static credentials are validated now, so invalid ones throw `CredentialsError('InvalidCredentials')`
 * synchronously. A provider that throws a CredentialsError (for example the Node default chain's
 * `CredentialsNotFound`) rejects with that error unchanged; any other failure becomes
 * `CredentialsError('ProviderFailed')` with the original error as `cause`.
 */
export function credentialsSource(option: CredentialsOption, clock: () => number = Date.now): () => Promise<Credentials> {
  if (typeof option === 'function') return providerSource(option, clock);
  const credentials = staticCredentials(option);
  return () => Promise.resolve(credentials);
}

/** Static credentials, checked (CredentialsError naming the field) and redacted for logging. */
export function staticCredentials(option: Credentials): Credentials {
  return redactedCredentials(validateCredentials(option, 'Static credentials'));
}

function providerSource(provider: CredentialsProvider, clock: () => number): () => Promise<Credentials> {
  let cached: { readonly credentials: Credentials; readonly refreshAt: number; readonly expiresAt: number } | undefined;
  let inFlight: Promise<Credentials> | undefined;

  const refresh = async (): Promise<Credentials> => {
    let provided: unknown;
    try {
      provided = await provider();
    } catch (cause) {
      if (isCredentialsError(cause)) throw cause;
      const kind = cause instanceof Error ? cause.name : typeof cause;
      // The cause's message is not copied into ours: it is the provider's text, and we cannot vouch for it.
      throw new CredentialsError('ProviderFailed', `The credentials provider failed (${kind}); see the error's cause`, { cause });
    }
    const origin = 'The credentials provider returned invalid credentials';
    const credentials = redactedCredentials(validateCredentials(provided, origin));
    const expiration = validateExpiration((provided as { expiration?: unknown }).expiration, origin);
    const expiresAt = expiration === undefined ? Number.POSITIVE_INFINITY : expiration.getTime();
    // Credentials that arrive already inside the window are still kept a little while, so a
    // provider that always returns short-lived ones is not called on every request.
    const refreshAt = Math.min(expiresAt, Math.max(expiresAt - REFRESH_WINDOW_MS, clock() + MIN_REFRESH_INTERVAL_MS));
    cached = { credentials, refreshAt, expiresAt };
    return credentials;
  };

  return () => {
    const now = clock();
    if (cached !== undefined && now < cached.refreshAt) return Promise.resolve(cached.credentials);
    // Callers await the promise returned by finally(), so inFlight is already cleared when they see the
    // outcome: after a failure their next call starts a new attempt.
    inFlight ??= refresh().finally(() => {
      inFlight = undefined;
    });
    // A failed early refresh does not fail the call while the cached credentials have not expired.
    const stillValid = cached !== undefined && now < cached.expiresAt ? cached.credentials : undefined;
    return stillValid === undefined ? inFlight : inFlight.catch(() => stillValid);
  };
}
