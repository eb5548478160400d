import { DEFAULT_REGION_ID, ENDPOINT_HOST_PATTERN, REGION_ENDPOINTS } from '../generated/types-package.js';
import { ConfigurationError } from '../errors/errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The endpoint origin: `endpoint` > `regionId` > the default region. `endpoint` is an origin
 * (scheme, host, port); plain http is allowed only for loopback hosts (tests and local mocks).
 */
export function resolveEndpoint(options: { endpoint?: string | undefined; regionId?: string | undefined }): URL {
  if (options.endpoint !== undefined) return parseEndpoint(options.endpoint);
  const regionId = options.regionId ?? DEFAULT_REGION_ID;
  if (!/^[a-z0-9-]+$/.test(regionId)) throw new ConfigurationError(`regionId must be a region ID such as ${DEFAULT_REGION_ID}, got ${JSON.stringify(regionId)}`);
  const host = (REGION_ENDPOINTS as Record<string, string>)[regionId] ?? ENDPOINT_HOST_PATTERN.replace('{regionId}', regionId);
  return new URL(`https://${host}`);
}

function parseEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(`endpoint must be an origin such as https://host[:port], got ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigurationError(`endpoint must use https, got ${url.protocol}`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigurationError('endpoint: plain http is allowed only for loopback hosts (127.0.0.0/8, localhost, [::1])');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigurationError('endpoint must be an origin (scheme, host and port) without a path, query, fragment or user info');
  }
  return url;
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}
