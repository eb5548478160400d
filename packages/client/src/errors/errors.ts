import type { RetryClass } from '../generated/types-package.js';
import { hasBrand, setBrand, type ErrorKind } from './brand.js';

/** One offending request field and what is wrong with it. */
export interface FieldIssue {
  /** Dotted path, e.g. `Policy.Resource.Type`; `(request)` for the request as a whole. */
  readonly field: string;
  readonly problem: string;
}

abstract class ClientError extends Error {
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    setBrand(this, kind);
  }

  /** Only the fields listed here: errors never carry secrets or the auth code. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
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
  readonly code: string;
  readonly statusCode: number;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  /** How safe a retry is, from the spec's error table (unknown codes: 5xx ambiguous, 4xx never). */
  readonly retryClass: RetryClass;
  /** Whether this client would retry it (with its current options). */
  readonly retryable: boolean;

  constructor(details: ServiceErrorDetails) {
    super('AlibabaCloudError', `${details.code}: ${details.message} (HTTP ${details.statusCode}${details.requestId ? `, RequestId ${details.requestId}` : ''})`);
    this.code = details.code;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
    this.hostId = details.hostId;
    this.recommend = details.recommend;
    this.retryClass = details.retryClass;
    this.retryable = details.retryable;
  }

  override toJSON() {
    const { code, statusCode, requestId, hostId, recommend, retryClass, retryable } = this;
    return { ...super.toJSON(), code, statusCode, requestId, hostId, recommend, retryClass, retryable };
  }
}

/** The request is invalid; nothing was sent. */
export class RequestValidationError extends ClientError {
  override readonly name = 'RequestValidationError';

  constructor(
    operation: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super('RequestValidationError', `Invalid ${operation} request: ${issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}`);
  }

  override toJSON() {
    return { ...super.toJSON(), issues: this.issues };
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
    super('ResponseValidationError', `Unexpected response (HTTP ${statusCode}${requestId ? `, RequestId ${requestId}` : ''}): ${problem}`, options);
    Object.defineProperty(this, 'body', { value: body, enumerable: false });
  }

  override toJSON() {
    return { ...super.toJSON(), statusCode: this.statusCode, requestId: this.requestId };
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
    super('NetworkError', message, options);
  }

  override toJSON() {
    return { ...super.toJSON(), sent: this.sent };
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
    super('TimeoutError', scope === 'attempt' ? `The attempt timed out after ${timeoutMs} ms` : `The call timed out after ${timeoutMs} ms`, options);
  }

  override toJSON() {
    return { ...super.toJSON(), scope: this.scope, timeoutMs: this.timeoutMs };
  }
}

/** The caller's `signal` aborted the call; `cause` is the signal's reason. */
export class AbortError extends ClientError {
  override readonly name = 'AbortError';

  constructor(options: { cause: unknown }) {
    super('AbortError', 'The call was aborted', options);
  }
}

/** The client options are invalid (for example an endpoint with a path). */
export class ConfigurationError extends ClientError {
  override readonly name = 'ConfigurationError';

  constructor(message: string) {
    super('ConfigurationError', message);
  }
}

export const isAlibabaCloudError = (value: unknown): value is AlibabaCloudError => hasBrand(value, 'AlibabaCloudError');
export const isRequestValidationError = (value: unknown): value is RequestValidationError => hasBrand(value, 'RequestValidationError');
export const isResponseValidationError = (value: unknown): value is ResponseValidationError => hasBrand(value, 'ResponseValidationError');
export const isNetworkError = (value: unknown): value is NetworkError => hasBrand(value, 'NetworkError');
export const isTimeoutError = (value: unknown): value is TimeoutError => hasBrand(value, 'TimeoutError');
export const isAbortError = (value: unknown): value is AbortError => hasBrand(value, 'AbortError');
export const isConfigurationError = (value: unknown): value is ConfigurationError => hasBrand(value, 'ConfigurationError');
