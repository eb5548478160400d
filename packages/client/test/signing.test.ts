import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalQueryString, formEncode, percentEncode } from '../src/signing/canonical.js';
import type { HashProvider } from '../src/signing/hash.js';
import { hashProvider as nodeHash } from '../src/signing/hash-node.js';
import { hashProvider as webHash } from '../src/signing/hash-web.js';
import {
  SIGNATURE_ALGORITHM,
  type SignInput,
  formatAcsDate,
  randomNonce,
  signRequest,
  signingHeaders,
} from '../src/signing/sign.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const AK = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' } as const;
const GETAUTHCODE_HOST = 'appstream-center.cn-shanghai.aliyuncs.com';
const GETAUTHCODE_HEADERS = {
  'x-acs-action': 'GetAuthCode',
  'x-acs-version': '2021-02-18',
  'content-type': 'application/x-www-form-urlencoded',
} as const;
const GETAUTHCODE_SIGNED_HEADERS =
  'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';

interface OfficialVector {
  readonly name: string;
  readonly date: string;
  readonly nonce: string;
  readonly hashedCanonicalRequest: string;
  readonly signature: string;
}

// api-facts.md §11.1
const OFFICIAL: readonly OfficialVector[] = [
  {
    name: '11.1 (a)',
    date: '2023-10-26T10:22:32Z',
    nonce: '3156853299f313e23d1673dc12e1703d',
    hashedCanonicalRequest: '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
  },
  {
    name: '11.1 (b)',
    date: '2023-10-26T09:01:01Z',
    nonce: 'd410180a5abf7fe235dd9b74aca91fc0',
    hashedCanonicalRequest: '29622f5feb1e9fcaaa2e276a72889c975f7b16f00e02be1ca34965b18cd85015',
    signature: 'e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804',
  },
];

function officialInput(vector: OfficialVector): SignInput {
  return {
    method: 'POST',
    host: 'ecs.cn-shanghai.aliyuncs.com',
    path: '/',
    query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
    headers: signingHeaders({ 'x-acs-action': 'RunInstances', 'x-acs-version': '2014-05-26' }),
    body: '',
    credentials: AK,
    date: new Date(vector.date),
    nonce: vector.nonce,
  };
}

interface GetAuthCodeVector {
  readonly name: string;
  readonly credentials: SignInput['credentials'];
  readonly date: string;
  readonly nonce: string;
  readonly query: Readonly<Record<string, string>>;
  readonly fields: ReadonlyArray<readonly [string, string]>;
  readonly bodyBytes: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly authorization: string;
}

// api-facts.md §11.3, copied line by line.
const GETAUTHCODE: readonly GetAuthCodeVector[] = [
  {
    name: 'T1',
    credentials: AK,
    date: '2024-05-01T08:00:00Z',
    nonce: '3f1c1f0b9a8e4b5c8d7e6f5a4b3c2d01',
    query: {},
    fields: [
      ['ExternalUserId', 'alice'],
      ['Policy', '{"Version": "1", "Resource": {"Type": "AppInstanceGroup", "Id": "aig-9ciijz60n4xsv****"}}'],
    ],
    bodyBytes:
      'ExternalUserId=alice&Policy=%7B%22Version%22%3A%20%221%22%2C%20%22Resource%22%3A%20%7B%22Type%22%3A%20%22AppInstanceGroup%22%2C%20%22Id%22%3A%20%22aig-9ciijz60n4xsv****%22%7D%7D',
    canonicalRequest: [
      'POST',
      '/',
      '',
      'content-type:application/x-www-form-urlencoded',
      'host:appstream-center.cn-shanghai.aliyuncs.com',
      'x-acs-action:GetAuthCode',
      'x-acs-content-sha256:e7d4cafc2b394bf501e035c479784035539406d2db2c730451f88ae4ae9ca0a7',
      'x-acs-date:2024-05-01T08:00:00Z',
      'x-acs-signature-nonce:3f1c1f0b9a8e4b5c8d7e6f5a4b3c2d01',
      'x-acs-version:2021-02-18',
      '',
      'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
      'e7d4cafc2b394bf501e035c479784035539406d2db2c730451f88ae4ae9ca0a7',
    ].join('\n'),
    stringToSign: 'ACS3-HMAC-SHA256\n672965c6427ff87f32754e594bd5b79a47bc271b4b01145c5d2d23be4ff7e1d9',
    signature: '9b5d4d553bed6ff916daf6e6ae347587e70d1b8c0d35a6357b3f4af819c340eb',
    authorization:
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=9b5d4d553bed6ff916daf6e6ae347587e70d1b8c0d35a6357b3f4af819c340eb',
  },
  {
    name: 'T2',
    credentials: AK,
    date: '2024-05-01T08:00:01Z',
    nonce: '3f1c1f0b9a8e4b5c8d7e6f5a4b3c2d02',
    query: { TokenType: "T y*(1)~!'" },
    fields: [
      ['AutoCreateUser', 'true'],
      ['ExternalUserId', 'Zoë 用户'],
      ['Policy', '{"Version": "1", "Resource": {"Type": "App", "Id": "ca-e4s0puhmwi7v****"}}'],
    ],
    bodyBytes:
      'AutoCreateUser=true&ExternalUserId=Zo%C3%AB%20%E7%94%A8%E6%88%B7&Policy=%7B%22Version%22%3A%20%221%22%2C%20%22Resource%22%3A%20%7B%22Type%22%3A%20%22App%22%2C%20%22Id%22%3A%20%22ca-e4s0puhmwi7v****%22%7D%7D',
    canonicalRequest: [
      'POST',
      '/',
      'TokenType=T%20y%2A%281%29~%21%27',
      'content-type:application/x-www-form-urlencoded',
      'host:appstream-center.cn-shanghai.aliyuncs.com',
      'x-acs-action:GetAuthCode',
      'x-acs-content-sha256:e6282134ca7d65913ab6afe16ebdfc43b69be690a621799393f05eaf57ae2eb1',
      'x-acs-date:2024-05-01T08:00:01Z',
      'x-acs-signature-nonce:3f1c1f0b9a8e4b5c8d7e6f5a4b3c2d02',
      'x-acs-version:2021-02-18',
      '',
      'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
      'e6282134ca7d65913ab6afe16ebdfc43b69be690a621799393f05eaf57ae2eb1',
    ].join('\n'),
    stringToSign: 'ACS3-HMAC-SHA256\n601dac48871b26f4e833f5ab4f164b9a82d72836a6b2a242796b92a1e4ffe159',
    signature: '23ff0081cfc680c4dade876c97ba7cbae70b920e39b03595a45faed485ec28ee',
    authorization:
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=23ff0081cfc680c4dade876c97ba7cbae70b920e39b03595a45faed485ec28ee',
  },
  {
    name: 'T3 (STS)',
    credentials: {
      accessKeyId: 'STS.YourTempAccessKeyId',
      accessKeySecret: 'YourTempAccessKeySecret',
      securityToken: 'YourSecurityToken',
    },
    date: '2024-05-01T08:00:02Z',
    nonce: '3f1c1f0b9a8e4b5c8d7e6f5a4b3c2d03',
    query: {},
    fields: [
      ['EndUserId', 'Zoë 用户'],
      ['Policy', '{"Version":"1","Resource":{"Type":"AppInstance","Id":"ai-1rznfnrvsa99d****"}}'],
    ],
    bodyBytes:
      'EndUserId=Zo%C3%AB%20%E7%94%A8%E6%88%B7&Policy=%7B%22Version%22%3A%221%22%2C%22Resource%22%3A%7B%22Type%22%3A%22AppInstance%22%2C%22Id%22%3A%22ai-1rznfnrvsa99d****%22%7D%7D',
    canonicalRequest: [
      'POST',
      '/',
      '',
      'content-type:application/x-www-form-urlencoded',
      'host:appstream-center.cn-shanghai.aliyuncs.com',
      'x-acs-accesskey-id:STS.YourTempAccessKeyId',
      'x-acs-action:GetAuthCode',
      'x-acs-content-sha256:a511e20460669ff1d5dbc413663ac60feef0492da46e6c2ff7db61aac2d51457',
      'x-acs-date:2024-05-01T08:00:02Z',
      'x-acs-security-token:YourSecurityToken',
      'x-acs-signature-nonce:3f1c1f0b9a8e4b5c8d7e6f5a4b3c2d03',
      'x-acs-version:2021-02-18',
      '',
      'content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
      'a511e20460669ff1d5dbc413663ac60feef0492da46e6c2ff7db61aac2d51457',
    ].join('\n'),
    stringToSign: 'ACS3-HMAC-SHA256\nd46787e5ed2a1faed6a8888d87ba1d9ac56ea9b107ec9d83f3a78bd7e2516b74',
    signature: '44ba907d25e8c890205ef4c10af50249ce4480700d8716368602d13ebec46dc0',
    authorization:
      'ACS3-HMAC-SHA256 Credential=STS.YourTempAccessKeyId,SignedHeaders=content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=44ba907d25e8c890205ef4c10af50249ce4480700d8716368602d13ebec46dc0',
  },
];

function getAuthCodeInput(vector: GetAuthCodeVector, extraHeaders: Record<string, string> = {}): SignInput {
  return {
    method: 'POST',
    host: GETAUTHCODE_HOST,
    path: '/',
    query: vector.query,
    headers: signingHeaders({ ...GETAUTHCODE_HEADERS, ...extraHeaders }),
    body: formEncode(vector.fields),
    credentials: vector.credentials,
    date: new Date(vector.date),
    nonce: vector.nonce,
  };
}

const PROVIDERS: ReadonlyArray<readonly [string, HashProvider]> = [
  ['node:crypto', nodeHash],
  ['Web Crypto', webHash],
];

describe.each(PROVIDERS)('hash provider %s', (_name, hash) => {
  it('hashes and HMACs UTF-8 bytes to lower-case hex', async () => {
    expect(await hash.sha256Hex('')).toBe(EMPTY_SHA256);
    // RFC 4231 test case 2.
    expect(await hash.hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(await hash.sha256Hex('Zoë 用户')).toBe(await nodeHash.sha256Hex('Zoë 用户'));
  });

  it.each([
    ['a one-character secret', 'k'],
    ['a one-block ASCII secret', 'k'.repeat(64)],
    ['a secret longer than a block', 'k'.repeat(65)],
    ['a non-ASCII secret', 'clé-secrète-用户'],
    ['a secret with control characters', '\u0000\u007f\t'],
  ])('matches node:crypto createHmac for %s, over ASCII and non-ASCII data', async (_case, secret) => {
    for (const data of ['', 'ACS3-HMAC-SHA256\nabc', 'Zoë 用户 ✓', 'x'.repeat(200)]) {
      expect(await hash.hmacSha256Hex(secret, data)).toBe(createHmac('sha256', secret).update(data, 'utf8').digest('hex'));
    }
  });

  it('gives each of several secrets its own HMAC when they alternate', async () => {
    const results = [];
    for (const secret of ['first-secret', 'second-secret', 'first-secret']) results.push(await hash.hmacSha256Hex(secret, 'same data'));
    expect(results[0]).toBe(results[2]);
    expect(results[0]).not.toBe(results[1]);
    expect(results[1]).toBe(createHmac('sha256', 'second-secret').update('same data').digest('hex'));
  });

  describe.each(OFFICIAL)('official vector $name', (vector) => {
    it('reproduces the hashed canonical request, signed headers and signature', async () => {
      const signed = await signRequest(officialInput(vector), hash);
      expect(signed.stringToSign).toBe(`${SIGNATURE_ALGORITHM}\n${vector.hashedCanonicalRequest}`);
      expect(await hash.sha256Hex(signed.canonicalRequest)).toBe(vector.hashedCanonicalRequest);
      expect(signed.signedHeaders).toBe(
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
      );
      expect(signed.signature).toBe(vector.signature);
      expect(signed.headers['x-acs-content-sha256']).toBe(EMPTY_SHA256);
    });
  });

  describe.each(GETAUTHCODE)('GetAuthCode vector $name', (vector) => {
    it('form-encodes the body to the vector bytes', () => {
      expect(formEncode(vector.fields)).toBe(vector.bodyBytes);
    });

    it('produces the canonical request, string to sign, signature and authorization', async () => {
      const signed = await signRequest(getAuthCodeInput(vector), hash);
      expect(signed.canonicalRequest).toBe(vector.canonicalRequest);
      expect(signed.stringToSign).toBe(vector.stringToSign);
      expect(signed.signature).toBe(vector.signature);
      expect(signed.headers['authorization']).toBe(vector.authorization);
    });

    it('is unaffected by unsigned user-agent and accept headers, which are still sent', async () => {
      const extra = { 'User-Agent': 'getauthcode-test/1.0', Accept: 'application/json' };
      const signed = await signRequest(getAuthCodeInput(vector, extra), hash);
      expect(signed.signature).toBe(vector.signature);
      expect(signed.canonicalRequest).toBe(vector.canonicalRequest);
      expect(signed.headers['user-agent']).toBe('getauthcode-test/1.0');
      expect(signed.headers['accept']).toBe('application/json');
    });

    it('returns every header to send, lower-cased, without host', async () => {
      const signed = await signRequest(getAuthCodeInput(vector), hash);
      const expected: Record<string, string> = {
        ...GETAUTHCODE_HEADERS,
        'x-acs-date': vector.date,
        'x-acs-signature-nonce': vector.nonce,
        'x-acs-content-sha256': await hash.sha256Hex(vector.bodyBytes),
        authorization: vector.authorization,
      };
      if (vector.credentials.securityToken !== undefined) {
        expected['x-acs-accesskey-id'] = vector.credentials.accessKeyId;
        expected['x-acs-security-token'] = vector.credentials.securityToken;
      }
      expect(signed.headers).toEqual(expected);
      expect(signed.headers).not.toHaveProperty('host');
    });
  });

  it('lower-cases header names, trims values and upper-cases the method', async () => {
    const [t1] = GETAUTHCODE;
    if (t1 === undefined) throw new Error('missing T1');
    const input = getAuthCodeInput(t1);
    const signed = await signRequest(
      {
        ...input,
        method: 'post',
        headers: signingHeaders({
          'X-Acs-Action': ' GetAuthCode ',
          'X-ACS-Version': '2021-02-18',
          'Content-Type': 'application/x-www-form-urlencoded',
        }),
      },
      hash,
    );
    expect(signed.signature).toBe(t1.signature);
    expect(signed.headers['x-acs-action']).toBe('GetAuthCode');
  });
});

describe('signRequest guards', () => {
  const [t1] = GETAUTHCODE;
  if (t1 === undefined) throw new Error('missing T1');

  it.each(['host', 'Host', 'authorization', 'Authorization', 'X-Acs-Date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'x-acs-accesskey-id', 'x-acs-security-token'])(
    'rejects a caller-supplied %s header: the signer sets it',
    (name) => {
      expect(() => signingHeaders({ ...GETAUTHCODE_HEADERS, [name]: 'x' })).toThrow(/set by the signer/);
    },
  );

  it('rejects one header name supplied in two casings', () => {
    expect(() => signingHeaders({ ...GETAUTHCODE_HEADERS, 'Content-Type': 'text/plain' })).toThrow(/more than once/);
  });

  it('signs caller x-acs-* headers and leaves other caller headers unsigned', async () => {
    const headers = signingHeaders({ ...GETAUTHCODE_HEADERS, 'X-Acs-Extra': 'v', Accept: 'application/json' });
    expect(headers.signed.list).toBe('content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-extra;x-acs-signature-nonce;x-acs-version');
    expect(headers.signedWithToken.names).toContain('x-acs-security-token');
    const signed = await signRequest({ ...getAuthCodeInput(t1), headers }, nodeHash);
    expect(signed.canonicalRequest).toContain('\nx-acs-extra:v\n');
    expect(signed.canonicalRequest).not.toContain('accept');
    expect(signed.signature).not.toBe(t1.signature);
  });

  it('signs synchronously with the node provider and asynchronously with WebCrypto', () => {
    expect(signRequest(getAuthCodeInput(t1), nodeHash)).not.toBeInstanceOf(Promise);
    expect(signRequest(getAuthCodeInput(t1), webHash)).toBeInstanceOf(Promise);
  });

  it('signs the host with a port and percent-encodes path segments', async () => {
    const signed = await signRequest(
      { ...getAuthCodeInput(t1), host: '127.0.0.1:41234', path: '/a b/c*d' },
      nodeHash,
    );
    const lines = signed.canonicalRequest.split('\n');
    expect(lines[1]).toBe('/a%20b/c%2Ad');
    expect(lines).toContain('host:127.0.0.1:41234');
    expect(signed.signature).not.toBe(t1.signature);
  });
});

describe('formatAcsDate and randomNonce', () => {
  it('formats UTC without milliseconds', () => {
    expect(formatAcsDate(new Date(Date.UTC(2024, 4, 1, 8, 0, 0, 987)))).toBe('2024-05-01T08:00:00Z');
    expect(formatAcsDate(new Date('2023-10-26T10:22:32.001+02:00'))).toBe('2023-10-26T08:22:32Z');
  });

  it('returns 32 lower-case hex chars that differ between calls', () => {
    const first = randomNonce();
    const second = randomNonce();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
  });
});

describe('canonical encodings', () => {
  it.each([
    ['a b', 'a%20b'],
    ['*', '%2A'],
    ['~', '~'],
    ["!'()", '%21%27%28%29'],
    ['Zoë 用户', 'Zo%C3%AB%20%E7%94%A8%E6%88%B7'],
    ['A-Z_a.z~09', 'A-Z_a.z~09'],
    ['a+b=c&d/e', 'a%2Bb%3Dc%26d%2Fe'],
  ])('percentEncode(%j) = %j', (given, want) => {
    expect(percentEncode(given)).toBe(want);
  });

  it.each([
    [[['k', 'a b']], 'k=a%20b'],
    [[['k', '*']], 'k=*'],
    [[['k', '~']], 'k=~'],
    [[['k', "!'()"]], "k=!'()"],
    [[['k', 'Zoë 用户']], 'k=Zo%C3%AB%20%E7%94%A8%E6%88%B7'],
    [[['b', '1'], ['a', '2']], 'b=1&a=2'],
    [[], ''],
  ] as const)('formEncode(%j) = %j', (given, want) => {
    expect(formEncode(given)).toBe(want);
  });

  it('sorts query names by byte order and encodes names and values', () => {
    expect(canonicalQueryString({})).toBe('');
    expect(canonicalQueryString({ b: '2', B: '1', a: '', 'a b': '*' })).toBe('B=1&a=&a%20b=%2A&b=2');
  });
});

describe('Web Crypto provider key cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('imports the HMAC key once for repeated signatures with one secret', async () => {
    const [t1] = GETAUTHCODE;
    if (t1 === undefined) throw new Error('missing T1');
    const spy = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    // A secret no other test uses, so the module-level cache starts cold for it.
    const credentials = { accessKeyId: 'CacheTestId', accessKeySecret: 'cache-test-secret-1' };
    const first = await signRequest({ ...getAuthCodeInput(t1), credentials }, webHash);
    const second = await signRequest({ ...getAuthCodeInput(t1), credentials, nonce: 'other' }, webHash);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(second.signature).not.toBe(first.signature);
    expect(first.signature).toBe(await nodeHash.hmacSha256Hex('cache-test-secret-1', first.stringToSign));
  });

  it('imports the key again after a failed import, instead of keeping the failure', async () => {
    const real = globalThis.crypto.subtle.importKey.bind(globalThis.crypto.subtle);
    const spy = vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('import failed'));
    const secret = 'failed-import-secret';
    const first = webHash.hmacSha256Hex(secret, 'data');
    const concurrent = webHash.hmacSha256Hex(secret, 'data');
    await expect(first).rejects.toThrow('import failed');
    await expect(concurrent).rejects.toThrow('import failed');
    spy.mockImplementation(real);
    expect(await webHash.hmacSha256Hex(secret, 'data')).toBe(createHmac('sha256', secret).update('data').digest('hex'));
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('evicts the oldest key once more than 16 secrets are used', async () => {
    const spy = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const secrets = Array.from({ length: 17 }, (_, i) => `eviction-secret-${i}`);
    for (const secret of secrets) await webHash.hmacSha256Hex(secret, 'data');
    expect(spy).toHaveBeenCalledTimes(17);
    await webHash.hmacSha256Hex(secrets[16] ?? '', 'data');
    expect(spy).toHaveBeenCalledTimes(17);
    await webHash.hmacSha256Hex(secrets[0] ?? '', 'data');
    expect(spy).toHaveBeenCalledTimes(18);
  });
});
