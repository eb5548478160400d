// An independent ACS3-HMAC-SHA256 check (written from the V3 rules in
// /work/shared/reference/api-facts.md section 6, using neither our signer nor the peer's), applied
// to a request as the local server received it. The bench uses it to make sure every variant it
// times sends a correctly signed GetAuthCode, not just any bytes.
import { createHash, createHmac } from 'node:crypto';

const sha256Hex = (data) => createHash('sha256').update(data, 'utf8').digest('hex');
const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Throws with the reason unless `recorded` ({ method, url, headers, body }, header names
 * lower-case as node:http gives them) is a GetAuthCode POST with `expectedBody`, signed with
 * `credentials`.
 */
export function verifyRecordedRequest(recorded, credentials, expectedBody) {
  const fail = (why) => {
    throw new Error(`request not as expected: ${why}\n${JSON.stringify(recorded, null, 2)}`);
  };
  if (recorded === null || recorded === undefined) fail('no request reached the server');
  const { method, url, headers, body } = recorded;
  if (method !== 'POST') fail(`method ${method}`);
  if (headers['x-acs-action'] !== 'GetAuthCode' || headers['x-acs-version'] !== '2021-02-18') fail('action/version headers');
  if (!String(headers['content-type']).startsWith('application/x-www-form-urlencoded')) fail('content-type');
  if (body !== expectedBody) fail(`body ${JSON.stringify(body)}, expected ${JSON.stringify(expectedBody)}`);
  if (headers['x-acs-content-sha256'] !== sha256Hex(body)) fail('x-acs-content-sha256 is not the body hash');
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(headers.authorization ?? '');
  if (match === null) fail('no ACS3-HMAC-SHA256 authorization header');
  const [, accessKeyId, signedHeaders, signature] = match;
  if (accessKeyId !== credentials.accessKeyId) fail(`credential ${accessKeyId}`);
  const mustSign = Object.keys(headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
  if (mustSign.join(';') !== signedHeaders) fail(`signed headers ${signedHeaders}, expected ${mustSign.join(';')}`);
  const parsed = new URL(url, 'http://placeholder');
  const query = [...parsed.searchParams.keys()]
    .sort()
    .map((name) => `${rfc3986(name)}=${rfc3986(parsed.searchParams.get(name))}`)
    .join('&');
  const canonicalRequest = [
    method,
    parsed.pathname,
    query,
    mustSign.map((name) => `${name}:${String(headers[name]).trim()}\n`).join(''),
    signedHeaders,
    sha256Hex(body),
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  const expected = createHmac('sha256', credentials.accessKeySecret).update(stringToSign, 'utf8').digest('hex');
  if (expected !== signature) fail('signature does not verify');
}
