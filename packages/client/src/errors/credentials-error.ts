import { BrandedError, hasBrand } from './brand.js';

export type CredentialsErrorCode =
  | 'CredentialsNotFound'
  | 'UnknownCredentialType'
  | 'MissingAccessKeySecret'
  | 'ProfileNotFound'
  | 'InvalidCredentialsFile'
  | 'InvalidCredentials'
  | 'ProviderFailed';

/** Credentials are missing or unusable. Messages name places and fields, never secret values. */
export class CredentialsError extends BrandedError {
  override readonly name = 'CredentialsError';

  constructor(
    readonly code: CredentialsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCredentialsError(value: unknown): value is CredentialsError {
  return hasBrand(value, 'CredentialsError');
}
