// The peer: GetAuthCode the way teams send it today, through @alicloud/openapi-client 0.4.15
// `callApi` with the params the official SDKs generate for this operation (api-facts.md §5).
// The package is CommonJS; its ESM default export is `module.exports`, which holds the client
// class as `.default` next to Config, OpenApiRequest and Params.
import openApiClient from '@alicloud/openapi-client';

const { default: OpenApiClient, Config, OpenApiRequest, Params } = openApiClient;

export const PEER_PARAMS = {
  action: 'GetAuthCode',
  version: '2021-02-18',
  protocol: 'HTTP',
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json',
};

/** A peer client for `127.0.0.1:port` over plain http. */
export function createPeerClient(port, { accessKeyId, accessKeySecret }) {
  return new OpenApiClient(new Config({ accessKeyId, accessKeySecret, endpoint: `127.0.0.1:${port}`, protocol: 'http' }));
}

/** One GetAuthCode through `callApi`; resolves to `{ headers, statusCode, body }`, body already parsed. */
export function peerGetAuthCode(client, body) {
  // The generated SDK builds these per call too (GetAuthCodeWithOptions), so they are timed.
  const request = new OpenApiRequest({ body });
  return client.callApi(new Params(PEER_PARAMS), request, {});
}
