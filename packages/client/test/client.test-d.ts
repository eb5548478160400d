// Type-level tests, compiled by `pnpm typecheck` (tsc): every @ts-expect-error must be an error.
import { createClient, isAlibabaCloudError, type AppstreamCenterClient, type ClientOptions, type GetAuthCodeInput } from '../src/index.js';
import { createClient as createNodeClient, createNodeFetch } from '../src/node/index.js';

declare const client: AppstreamCenterClient;

export const withString: GetAuthCodeInput = { ExternalUserId: 'alice', Policy: '{"Version":"1","Resource":{"Type":"App","Id":"ca-1"}}' };
export const withDocument: GetAuthCodeInput = { EndUserId: 'alice', Policy: { Version: '1', Resource: { Type: 'AppInstance', Id: 'ai-1' } } };
// @ts-expect-error one of ExternalUserId or EndUserId is required
export const neither: GetAuthCodeInput = { AutoCreateUser: true };
// @ts-expect-error an unknown resource type
export const badType: GetAuthCodeInput = { EndUserId: 'a', Policy: { Version: '1', Resource: { Type: 'Desktop', Id: 'x' } } };
// @ts-expect-error field names are the API's, case included
export const wrongCase: GetAuthCodeInput = { externalUserId: 'alice' };

export async function usage(): Promise<string> {
  const response = await client.getAuthCode({ ExternalUserId: 'alice' }, { signal: new AbortController().signal, timeoutMs: 5_000 });
  const code: string = response.AuthModel.AuthCode;
  const expires: string | undefined = response.AuthModel.ExpireTime;
  // Unknown response fields are kept, typed unknown: usable only after a check.
  // @ts-expect-error unknown is not a string
  const extra: string = response.AuthModel.Code;
  void extra;
  return code + (expires ?? '');
}

export const options: ClientOptions = {
  credentials: async () => ({ accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'token', expiration: new Date() }),
  regionId: 'ap-southeast-1',
  fetch: createNodeFetch(),
  retryBackoff: { baseMs: 100 },
  hooks: { onRetry: (event) => void event.error.message },
};
// @ts-expect-error credentials need a secret
export const noSecret: ClientOptions = { credentials: { accessKeyId: 'id' } };

export const portable = createClient({ credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });
export const nodeDefault = createNodeClient();

export function narrow(error: unknown): number | undefined {
  // The guard narrows: statusCode is typed after it.
  return isAlibabaCloudError(error) ? error.statusCode : undefined;
}
