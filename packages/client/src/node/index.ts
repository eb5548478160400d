// The Node entry: everything of the portable entry, plus the default credential chain, the
// ALIBABA_CLOUD_REGION_ID variable and a keep-alive transport over node:http.
import { createClient as createPortableClient, type AppstreamCenterClient } from '../generated/index.js';
import type { ClientOptions } from '../runtime/options.js';
import { defaultCredentialsProvider } from './credentials-chain.js';
import { regionFromEnv } from './region.js';

export * from '../index.js';
export { createNodeFetch, type NodeFetch, type NodeFetchHeaders, type NodeFetchOptions, type NodeFetchResponse } from '../transport/node-fetch/index.js';
export { defaultCredentialsProvider, type ChainOptions } from './credentials-chain.js';
export { regionFromEnv } from './region.js';

/**
 * Like the portable createClient, with Node defaults: credentials from the default chain
 * (environment, ~/.aliyun/config.json, ~/.alibabacloud/credentials) and the region from
 * ALIBABA_CLOUD_REGION_ID when neither `endpoint` nor `regionId` is given.
 */
export function createClient(options: ClientOptions = {}): AppstreamCenterClient {
  return createPortableClient({
    ...options,
    credentials: options.credentials ?? defaultCredentialsProvider(),
    regionId: options.regionId ?? (options.endpoint === undefined ? regionFromEnv() : undefined),
  });
}
