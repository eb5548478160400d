import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialsSource, type Credentials } from '../src/credentials/provider.js';
import { CredentialsError, isCredentialsError, type CredentialsErrorCode } from '../src/errors/credentials-error.js';
import { defaultCredentialsProvider, type ChainOptions } from '../src/node/credentials-chain.js';
import { regionFromEnv } from '../src/node/region.js';

// Distinct values per source, so a test can tell which source answered. None may appear in any error text.
const ENV_ID = 'env-id-AAAA';
const ENV_SECRET = 'env-secret-S3cr3t-1111';
const ENV_TOKEN = 'env-token-T0k3n-1111';
const CLI_ID = 'cli-id-BBBB';
const CLI_SECRET = 'cli-secret-S3cr3t-2222';
const CLI_TOKEN = 'cli-token-T0k3n-2222';
const INI_ID = 'ini-id-CCCC';
const INI_SECRET = 'ini-secret-S3cr3t-3333';
const SECRETS = [ENV_SECRET, ENV_TOKEN, CLI_SECRET, CLI_TOKEN, INI_SECRET];

const homes: string[] = [];

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A fresh, empty home folder under os.tmpdir(). */
function makeHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'appstream-credentials-'));
  homes.push(home);
  return home;
}

function cliPath(home: string): string {
  return join(home, '.aliyun', 'config.json');
}

function iniPath(home: string): string {
  return join(home, '.alibabacloud', 'credentials');
}

function writeCliConfig(home: string, config: unknown): string {
  const path = cliPath(home);
  mkdirSync(join(home, '.aliyun'), { recursive: true });
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return path;
}

function writeIni(home: string, text: string): string {
  const path = iniPath(home);
  mkdirSync(join(home, '.alibabacloud'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const AK_PROFILE = { name: 'default', mode: 'AK', access_key_id: CLI_ID, access_key_secret: CLI_SECRET, region_id: 'cn-shanghai' };
const INI_DEFAULT = `[default]\ntype = access_key\naccess_key_id = ${INI_ID}\naccess_key_secret = ${INI_SECRET}\n`;

function load(home: string, env: ChainOptions['env'] = {}, extra: Omit<ChainOptions, 'env' | 'homeDir'> = {}): Promise<Credentials> {
  return defaultCredentialsProvider({ env, homeDir: home, ...extra })();
}

/** Awaits a rejection, checks its code, and checks that no secret used in these tests leaks into its text. */
async function rejection(promise: Promise<unknown>, code: CredentialsErrorCode): Promise<CredentialsError> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(error, 'expected a rejection').toBeDefined();
  expect(isCredentialsError(error)).toBe(true);
  const credentialsError = error as CredentialsError;
  expect(credentialsError.code).toBe(code);
  const texts = [credentialsError.message, String(credentialsError), inspect(credentialsError, { depth: 5 })];
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
  return credentialsError;
}

describe('environment source', () => {
  it('reads key, secret and security token', async () => {
    const credentials = await load(makeHome(), {
      ALIBABA_CLOUD_ACCESS_KEY_ID: ENV_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ENV_SECRET,
      ALIBABA_CLOUD_SECURITY_TOKEN: ENV_TOKEN,
    });
    expect(credentials).toMatchObject({ accessKeyId: ENV_ID });
    expect(credentials.accessKeySecret).toBe(ENV_SECRET);
    expect(credentials.securityToken).toBe(ENV_TOKEN);
  });

  it('has no security token unless one is set', async () => {
    const credentials = await load(makeHome(), { ALIBABA_CLOUD_ACCESS_KEY_ID: ENV_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: ENV_SECRET });
    expect(credentials.securityToken).toBeUndefined();
  });

  it('returns credentials that do not leak when logged', async () => {
    const credentials = await load(makeHome(), {
      ALIBABA_CLOUD_ACCESS_KEY_ID: ENV_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ENV_SECRET,
      ALIBABA_CLOUD_SECURITY_TOKEN: ENV_TOKEN,
    });
    for (const text of [JSON.stringify(credentials), String(credentials), inspect(credentials)]) {
      expect(text).not.toContain(ENV_SECRET);
      expect(text).not.toContain(ENV_TOKEN);
    }
  });

  it('an ID without a secret is MissingAccessKeySecret, even when files would supply credentials', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    writeIni(home, INI_DEFAULT);
    const error = await rejection(load(home, { ALIBABA_CLOUD_ACCESS_KEY_ID: ENV_ID }), 'MissingAccessKeySecret');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  });

  it('a secret without an ID is InvalidCredentials naming the missing variable', async () => {
    const error = await rejection(load(makeHome(), { ALIBABA_CLOUD_ACCESS_KEY_SECRET: ENV_SECRET }), 'InvalidCredentials');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  });

  it('treats empty variables as unset and moves on', async () => {
    const home = makeHome();
    writeIni(home, INI_DEFAULT);
    const credentials = await load(home, { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' });
    expect(credentials.accessKeyId).toBe(INI_ID);
  });
});

describe('precedence', () => {
  it('environment beats the CLI config, which beats the INI file', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    writeIni(home, INI_DEFAULT);
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: ENV_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: ENV_SECRET };
    expect((await load(home, env)).accessKeyId).toBe(ENV_ID);
    expect((await load(home, {})).accessKeyId).toBe(CLI_ID);
    rmSync(cliPath(home));
    expect((await load(home, {})).accessKeyId).toBe(INI_ID);
  });

  it('ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true (any case) skips the CLI config', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    writeIni(home, INI_DEFAULT);
    for (const value of ['true', 'TRUE', 'True']) {
      expect((await load(home, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: value })).accessKeyId).toBe(INI_ID);
    }
    for (const value of ['false', '1', '']) {
      expect((await load(home, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: value })).accessKeyId).toBe(CLI_ID);
    }
  });

  it('a disabled CLI config is not even parsed', async () => {
    const home = makeHome();
    writeCliConfig(home, '{ not json');
    writeIni(home, INI_DEFAULT);
    expect((await load(home, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' })).accessKeyId).toBe(INI_ID);
    await rejection(load(home, {}), 'InvalidCredentialsFile');
  });
});

describe('Aliyun CLI config source', () => {
  it("uses the file's current profile in AK mode", async () => {
    const home = makeHome();
    writeCliConfig(home, {
      current: 'work',
      profiles: [AK_PROFILE, { ...AK_PROFILE, name: 'work', access_key_id: `${CLI_ID}-work` }],
      meta_path: '',
    });
    const credentials = await load(home);
    expect(credentials.accessKeyId).toBe(`${CLI_ID}-work`);
    expect(credentials.accessKeySecret).toBe(CLI_SECRET);
    expect(credentials.securityToken).toBeUndefined();
  });

  it('reads StsToken mode with sts_token', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'sts', profiles: [{ name: 'sts', mode: 'StsToken', access_key_id: CLI_ID, access_key_secret: CLI_SECRET, sts_token: CLI_TOKEN }] });
    const credentials = await load(home);
    expect(credentials.securityToken).toBe(CLI_TOKEN);
    expect(credentials.accessKeySecret).toBe(CLI_SECRET);
  });

  it('StsToken mode without sts_token is InvalidCredentials naming the field', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'sts', profiles: [{ name: 'sts', mode: 'StsToken', access_key_id: CLI_ID, access_key_secret: CLI_SECRET }] });
    const error = await rejection(load(home), 'InvalidCredentials');
    expect(error.message).toContain('sts_token');
  });

  it('ALIBABA_CLOUD_PROFILE overrides current, and the profile option overrides both', async () => {
    const home = makeHome();
    writeCliConfig(home, {
      current: 'default',
      profiles: [
        AK_PROFILE,
        { ...AK_PROFILE, name: 'from-env', access_key_id: 'id-from-env' },
        { ...AK_PROFILE, name: 'from-option', access_key_id: 'id-from-option' },
      ],
    });
    expect((await load(home, { ALIBABA_CLOUD_PROFILE: 'from-env' })).accessKeyId).toBe('id-from-env');
    expect((await load(home, { ALIBABA_CLOUD_PROFILE: 'from-env' }, { profile: 'from-option' })).accessKeyId).toBe('id-from-option');
  });

  it('uses the default profile when the file has no current', async () => {
    const home = makeHome();
    writeCliConfig(home, { profiles: [{ ...AK_PROFILE, name: 'other', access_key_id: 'other-id' }, AK_PROFILE] });
    expect((await load(home)).accessKeyId).toBe(CLI_ID);
  });

  it('moves on to the INI file when there is no current and no default profile', async () => {
    const home = makeHome();
    writeCliConfig(home, { profiles: [{ ...AK_PROFILE, name: 'other' }] });
    writeIni(home, INI_DEFAULT);
    expect((await load(home)).accessKeyId).toBe(INI_ID);
  });

  it.each(['RamRoleArn', 'EcsRamRole', 'OIDC', 'CloudSSO', 'ChainableRamRoleArn'])('mode %s is UnknownCredentialType naming the mode and file', async (mode) => {
    const home = makeHome();
    const path = writeCliConfig(home, { current: 'x', profiles: [{ ...AK_PROFILE, name: 'x', mode }] });
    writeIni(home, INI_DEFAULT);
    const error = await rejection(load(home), 'UnknownCredentialType');
    expect(error.message).toContain(mode);
    expect(error.message).toContain(path);
  });

  it('a profile without a mode is UnknownCredentialType', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'x', profiles: [{ name: 'x', access_key_id: CLI_ID, access_key_secret: CLI_SECRET }] });
    await rejection(load(home), 'UnknownCredentialType');
  });

  it('an AK profile with an ID but no secret is MissingAccessKeySecret', async () => {
    const home = makeHome();
    const path = writeCliConfig(home, { current: 'default', profiles: [{ ...AK_PROFILE, access_key_secret: '' }] });
    writeIni(home, INI_DEFAULT);
    const error = await rejection(load(home), 'MissingAccessKeySecret');
    expect(error.message).toContain(path);
    expect(error.message).toContain('access_key_secret');
  });

  it('an AK profile without an ID is InvalidCredentials', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_secret: CLI_SECRET }] });
    const error = await rejection(load(home), 'InvalidCredentials');
    expect(error.message).toContain('access_key_id');
  });

  it('a requested profile missing from the file (and from the INI file) is ProfileNotFound', async () => {
    const home = makeHome();
    const path = writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    const viaOption = await rejection(load(home, {}, { profile: 'absent' }), 'ProfileNotFound');
    expect(viaOption.message).toContain("'absent'");
    expect(viaOption.message).toContain(path);
    const viaEnv = await rejection(load(home, { ALIBABA_CLOUD_PROFILE: 'absent' }), 'ProfileNotFound');
    expect(viaEnv.message).toContain('ALIBABA_CLOUD_PROFILE');

    const ini = writeIni(home, INI_DEFAULT);
    const both = await rejection(load(home, { ALIBABA_CLOUD_PROFILE: 'absent' }), 'ProfileNotFound');
    expect(both.message).toContain(path);
    expect(both.message).toContain(ini);
  });

  it('a requested profile missing from the CLI config is still found in the INI file', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    writeIni(home, `${INI_DEFAULT}\n[prod]\ntype = access_key\naccess_key_id = prod-id\naccess_key_secret = ${INI_SECRET}\n`);
    expect((await load(home, { ALIBABA_CLOUD_PROFILE: 'prod' })).accessKeyId).toBe('prod-id');
  });

  it('a current profile that does not exist is ProfileNotFound', async () => {
    const home = makeHome();
    const path = writeCliConfig(home, { current: 'gone', profiles: [AK_PROFILE] });
    writeIni(home, INI_DEFAULT);
    const error = await rejection(load(home), 'ProfileNotFound');
    expect(error.message).toContain("'gone'");
    expect(error.message).toContain(path);
  });

  it('invalid JSON is InvalidCredentialsFile with the path, without quoting the file', async () => {
    const home = makeHome();
    const path = writeCliConfig(home, `{"current": "default", "profiles": [{"name": "default", "access_key_secret": "${CLI_SECRET}" oops`);
    const error = await rejection(load(home), 'InvalidCredentialsFile');
    expect(error.message).toContain(path);
  });

  it.each([
    ['an array', '[]'],
    ['profiles that are not an array', '{"current": "default", "profiles": {}}'],
  ])('a file holding %s is InvalidCredentialsFile', async (_label, text) => {
    const home = makeHome();
    writeCliConfig(home, text);
    await rejection(load(home), 'InvalidCredentialsFile');
  });

  it('accepts a config.json with a BOM and CRLF line ends', async () => {
    const home = makeHome();
    writeCliConfig(home, `\uFEFF${JSON.stringify({ current: 'default', profiles: [AK_PROFILE] }, null, 2).replace(/\n/g, '\r\n')}`);
    expect((await load(home)).accessKeyId).toBe(CLI_ID);
  });
});

describe('shared INI file source', () => {
  it('parses comments, quoted values, CRLF line ends and a leading BOM', async () => {
    const home = makeHome();
    const text = [
      '\uFEFF; a comment before any section',
      '# another comment',
      '[other]',
      'type = access_key',
      'access_key_id = other-id',
      'access_key_secret = other-secret',
      '',
      '[default]',
      '  ; indented comment',
      'type = "access_key"',
      `access_key_id = '${INI_ID}'`,
      `access_key_secret = "${INI_SECRET};#not-a-comment" `,
      '',
    ].join('\r\n');
    writeIni(home, text);
    const credentials = await load(home);
    expect(credentials.accessKeyId).toBe(INI_ID);
    expect(credentials.accessKeySecret).toBe(`${INI_SECRET};#not-a-comment`);
    expect(credentials.securityToken).toBeUndefined();
  });

  it('strips a BOM directly before the first section header', async () => {
    const home = makeHome();
    writeIni(home, `\uFEFF${INI_DEFAULT.replace(/\n/g, '\r\n')}`);
    expect((await load(home)).accessKeyId).toBe(INI_ID);
  });

  it('strips an unquoted trailing comment from a value', async () => {
    const home = makeHome();
    writeIni(home, `[default]\ntype = access_key ; the only supported type\naccess_key_id = ${INI_ID}\naccess_key_secret = ${INI_SECRET} # inline\n`);
    const credentials = await load(home);
    expect(credentials.accessKeySecret).toBe(INI_SECRET);
  });

  it('ALIBABA_CLOUD_PROFILE selects the section, and the profile option overrides it', async () => {
    const home = makeHome();
    writeIni(
      home,
      `${INI_DEFAULT}[dev]\ntype = access_key\naccess_key_id = dev-id\naccess_key_secret = dev-secret\n` +
        `[project.prod]\ntype = access_key\naccess_key_id = prod-id\naccess_key_secret = prod-secret\n`,
    );
    expect((await load(home, { ALIBABA_CLOUD_PROFILE: 'dev' })).accessKeyId).toBe('dev-id');
    expect((await load(home, { ALIBABA_CLOUD_PROFILE: 'dev' }, { profile: 'project.prod' })).accessKeyId).toBe('prod-id');
  });

  it('reads the file named by ALIBABA_CLOUD_CREDENTIALS_FILE instead of the default one', async () => {
    const home = makeHome();
    writeIni(home, INI_DEFAULT);
    const custom = join(home, 'elsewhere.ini');
    writeFileSync(custom, `[default]\ntype = access_key\naccess_key_id = custom-id\naccess_key_secret = custom-secret\n`);
    expect((await load(home, { ALIBABA_CLOUD_CREDENTIALS_FILE: custom })).accessKeyId).toBe('custom-id');
  });

  it('a missing file named by ALIBABA_CLOUD_CREDENTIALS_FILE is InvalidCredentialsFile with its path', async () => {
    const home = makeHome();
    writeIni(home, INI_DEFAULT);
    const missing = join(home, 'missing.ini');
    const error = await rejection(load(home, { ALIBABA_CLOUD_CREDENTIALS_FILE: missing }), 'InvalidCredentialsFile');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('ALIBABA_CLOUD_CREDENTIALS_FILE');
  });

  it('does not read ~/.alibabacloud/credentials.ini (no .ini suffix in Node)', async () => {
    const home = makeHome();
    mkdirSync(join(home, '.alibabacloud'));
    writeFileSync(join(home, '.alibabacloud', 'credentials.ini'), INI_DEFAULT);
    await rejection(load(home), 'CredentialsNotFound');
  });

  it('a requested section that is missing is ProfileNotFound', async () => {
    const home = makeHome();
    const path = writeIni(home, INI_DEFAULT);
    const error = await rejection(load(home, { ALIBABA_CLOUD_PROFILE: 'nope' }), 'ProfileNotFound');
    expect(error.message).toContain("'nope'");
    expect(error.message).toContain(path);
    await rejection(load(home, {}, { profile: 'nope' }), 'ProfileNotFound');
  });

  it('a missing [default] section (not requested explicitly) is CredentialsNotFound', async () => {
    const home = makeHome();
    const path = writeIni(home, `[dev]\ntype = access_key\naccess_key_id = dev-id\naccess_key_secret = dev-secret\n`);
    const error = await rejection(load(home), 'CredentialsNotFound');
    expect(error.message).toContain(path);
  });

  it.each([
    ['ecs_ram_role', 'type = ecs_ram_role\nrole_name = EcsRole\n'],
    ['ram_role_arn', `type = ram_role_arn\naccess_key_id = ${INI_ID}\naccess_key_secret = ${INI_SECRET}\nrole_arn = acs:ram::1:role/x\n`],
    ['rsa_key_pair', 'type = rsa_key_pair\n'],
  ])('type %s is UnknownCredentialType naming the type', async (type, body) => {
    const home = makeHome();
    const path = writeIni(home, `[default]\n${body}`);
    const error = await rejection(load(home), 'UnknownCredentialType');
    expect(error.message).toContain(type);
    expect(error.message).toContain(path);
  });

  it('a section without a type is UnknownCredentialType', async () => {
    const home = makeHome();
    writeIni(home, `[default]\naccess_key_id = ${INI_ID}\naccess_key_secret = ${INI_SECRET}\n`);
    await rejection(load(home), 'UnknownCredentialType');
  });

  it('access_key with an ID but no secret is MissingAccessKeySecret', async () => {
    const home = makeHome();
    writeIni(home, `[default]\ntype = access_key\naccess_key_id = ${INI_ID}\n`);
    const error = await rejection(load(home), 'MissingAccessKeySecret');
    expect(error.message).toContain('access_key_secret');
  });

  it('access_key without an ID is InvalidCredentials', async () => {
    const home = makeHome();
    writeIni(home, `[default]\ntype = access_key\naccess_key_secret = ${INI_SECRET}\n`);
    const error = await rejection(load(home), 'InvalidCredentials');
    expect(error.message).toContain('access_key_id');
  });
});

describe('nothing found', () => {
  it('is CredentialsNotFound listing the variables and paths looked at', async () => {
    const home = makeHome();
    const error = await rejection(load(home), 'CredentialsNotFound');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(error.message).toContain(cliPath(home));
    expect(error.message).toContain(iniPath(home));
  });

  it('says when the CLI config was skipped because it is disabled', async () => {
    const home = makeHome();
    writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    const error = await rejection(load(home, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }), 'CredentialsNotFound');
    expect(error.message).toContain('ALIBABA_CLOUD_CLI_PROFILE_DISABLED');
    expect(error.message).toContain(cliPath(home));
  });

  it('passes through credentialsSource with its code intact', async () => {
    const source = credentialsSource(defaultCredentialsProvider({ env: {}, homeDir: makeHome() }));
    await rejection(source(), 'CredentialsNotFound');
  });
});

describe('laziness', () => {
  it('reads files only when called, and again on each call', async () => {
    const home = join(makeHome(), 'not-yet');
    const provider = defaultCredentialsProvider({ env: {}, homeDir: home });
    await rejection(provider(), 'CredentialsNotFound');
    writeIni(home, INI_DEFAULT);
    expect((await provider()).accessKeyId).toBe(INI_ID);
    writeCliConfig(home, { current: 'default', profiles: [AK_PROFILE] });
    expect((await provider()).accessKeyId).toBe(CLI_ID);
  });

  it('works end to end through credentialsSource, which caches the result', async () => {
    const home = makeHome();
    writeIni(home, INI_DEFAULT);
    const source = credentialsSource(defaultCredentialsProvider({ env: {}, homeDir: home }));
    const first = await source();
    rmSync(iniPath(home));
    expect(await source()).toBe(first);
    expect(first.accessKeySecret).toBe(INI_SECRET);
    expect(JSON.stringify(first)).not.toContain(INI_SECRET);
  });
});

describe('regionFromEnv', () => {
  it('returns ALIBABA_CLOUD_REGION_ID when set', () => {
    expect(regionFromEnv({ ALIBABA_CLOUD_REGION_ID: 'cn-shanghai' })).toBe('cn-shanghai');
  });

  it('returns undefined when unset or empty', () => {
    expect(regionFromEnv({})).toBeUndefined();
    expect(regionFromEnv({ ALIBABA_CLOUD_REGION_ID: '' })).toBeUndefined();
    expect(regionFromEnv({ ALIBABA_CLOUD_REGION_ID: '  ' })).toBeUndefined();
    expect(regionFromEnv({ REGION_ID: 'cn-hangzhou' })).toBeUndefined();
  });
});
