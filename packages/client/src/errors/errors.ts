import type { RetryClass } from '../generated/types-package.js';
import { BrandedError, hasBrand } from './brand.js';

/** One offending request field and what is wrong with it. */
export interface FieldIssue {
  /** Dotted path, e.g. `Policy.Resource.Type`; `(request)` for the request as a whole. */
  readonly field: string;
  readonly problem: string;
}

abstract class ClientError extends BrandedError {
  /** Name, message and the error's own fields. Errors never hold a secret or an auth code (`body` is not enumerable). */
  toJSON(): Record<string, unknown> {
    // Own enumerable fields: the subclass's `name` and details. `message` and `cause` are not enumerable.
    return { ...(this as object), message: this.message };
  }
}

export interface ServiceErrorDetails {
  readonly code: string;
  readonly message: string;
  readonly statusCode: number;
  readonly requestId?: string | undefined;
  readonly hostId?: string | undefined;
  readonly recommend?: string | undefined;
  readonly retryClass: RetryClass;
  readonly retryable: boolean;
}

/** The service answered with an error (HTTP 4xx or 5xx). */
export class AlibabaCloudError extends ClientError {
  override readonly name = 'AlibabaCloudError';
  declare readonly code: string;
  declare readonly statusCode: number;
  declare readonly requestId: string | undefined;
  declare readonly hostId: string | undefined;
  declare readonly recommend: string | undefined;
  /** How safe a retry is, from the spec's error table (unknown codes: 5xx ambiguous, 4xx never). */
  declare readonly retryClass: RetryClass;
  /** Whether this client would retry it (with its current options). */
  declare readonly retryable: boolean;

  constructor({ message, ...details }: ServiceErrorDetails) {
    super(`${details.code}: ${message} (HTTP ${details.statusCode}${details.requestId ? `, RequestId ${details.requestId}` : ''})`);
    Object.assign(this, details);
  }
}

/** The request is invalid; nothing was sent. */
export class RequestValidationError extends ClientError {
  override readonly name = 'RequestValidationError';

  constructor(
    operation: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`Invalid ${operation} request: ${issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}`);
  }

}

/** The service answered, but not with what the spec describes (non-JSON, HTML, truncated, wrong shape). */
export class ResponseValidationError extends ClientError {
  override readonly name = 'ResponseValidationError';
  /** The parsed body, when it was JSON; its AuthCode redacted. Not enumerable, so it stays out of logs. */
  declare readonly body: unknown;

  constructor(
    problem: string,
    readonly statusCode: number,
    readonly requestId: string | undefined,
    body: unknown,
    options?: { cause?: unknown },
  ) {
    super(`Unexpected response (HTTP ${statusCode}${requestId ? `, RequestId ${requestId}` : ''}): ${problem}`, options);
    Object.defineProperty(this, 'body', { value: body, enumerable: false });
  }

}

/** The request failed below HTTP: refused, reset, DNS. `sent` says whether it may have reached the service. */
export class NetworkError extends ClientError {
  override readonly name = 'NetworkError';

  constructor(
    message: string,
    readonly sent: boolean,
    options: { cause: unknown },
  ) {
    super(message, options);
  }

}

/** An attempt took longer than `attemptTimeoutMs`, or the call longer than `timeoutMs`. */
export class TimeoutError extends ClientError {
  override readonly name = 'TimeoutError';

  constructor(
    readonly scope: 'attempt' | 'call',
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(scope === 'attempt' ? `The attempt timed out after ${timeoutMs} ms` : `The call timed out after ${timeoutMs} ms`, options);
  }

}

/** The caller's `signal` aborted the call; `cause` is the signal's reason. */
export class AbortError extends ClientError {
  override readonly name = 'AbortError';

  constructor(options: { cause: unknown }) {
    super('The call was aborted', options);
  }
}

/** The client options are invalid (for example an endpoint with a path). */
export class ConfigurationError extends ClientError {
  override readonly name = 'ConfigurationError';

  constructor(message: string) {
    super(message);
  }
}

export const isAlibabaCloudError = (value: unknown): value is AlibabaCloudError => hasBrand(value, 'AlibabaCloudError');
export const isRequestValidationError = (value: unknown): value is RequestValidationError => hasBrand(value, 'RequestValidationError');
export const isResponseValidationError = (value: unknown): value is ResponseValidationError => hasBrand(value, 'ResponseValidationError');
export const isNetworkError = (value: unknown): value is NetworkError => hasBrand(value, 'NetworkError');
export const isTimeoutError = (value: unknown): value is TimeoutError => hasBrand(value, 'TimeoutError');
export const isAbortError = (value: unknown): value is AbortError => hasBrand(value, 'AbortError');
export const isConfigurationError = (value: unknown): value is ConfigurationError => hasBrand(value, 'ConfigurationError');
