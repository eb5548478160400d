// The Node default credentials chain. Node-only: reads files with node:fs.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseIni } from 'ini';
import { redactedCredentials, type Credentials, type CredentialsProvider } from '../credentials/provider.js';
import { CredentialsError } from '../errors/credentials-error.js';

export interface ChainOptions {
  /** Environment to read; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory holding .aliyun/config.json and .alibabacloud/credentials; defaults to os.homedir(). */
  readonly homeDir?: string;
  /** Profile (CLI profile name and INI section); overrides ALIBABA_CLOUD_PROFILE. */
  readonly profile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const ENV_ACCESS_KEY_ID = 'ALIBABA_CLOUD_ACCESS_KEY_ID';
const ENV_ACCESS_KEY_SECRET = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
const ENV_SECURITY_TOKEN = 'ALIBABA_CLOUD_SECURITY_TOKEN';
const ENV_PROFILE = 'ALIBABA_CLOUD_PROFILE';
const ENV_CLI_PROFILE_DISABLED = 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED';
const ENV_CREDENTIALS_FILE = 'ALIBABA_CLOUD_CREDENTIALS_FILE';

/** The aliyun CLI's name for the profile used when config.json has no `current`. */
const CLI_DEFAULT_PROFILE = 'default';
const INI_DEFAULT_SECTION = 'default';

interface RequestedProfile {
  readonly name: string;
  /** Where the name came from, for messages. */
  readonly via: string;
}

/** What a file-based source reports when it did not produce credentials. */
type SourceMiss =
  | { readonly kind: 'skipped'; readonly place: string }
  /** An explicitly requested profile is not in this file. */
  | { readonly kind: 'profile-missing'; readonly place: string; readonly path: string };

type SourceResult = { readonly kind: 'found'; readonly credentials: Credentials } | SourceMiss;

/**
 * The official Node order: environment, then ~/.aliyun/config.json, then the shared INI file.
 *
 * Mirrors the default chain of @alicloud/credentials 2.4.7 (src/providers/default.ts), except:
 * - The OIDC role (ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE),
 *   ECS instance RAM role (ALIBABA_CLOUD_ECS_METADATA) and ALIBABA_CLOUD_CREDENTIALS_URI sources are
 *   deliberately not implemented: they need network calls (STS, instance metadata, a URI). Pass your own
 *   `CredentialsProvider` for those.
 * - A source that is present but misconfigured throws a named CredentialsError instead of silently
 *   falling through to the next source.
 *
 * Files are read lazily, on every call; wrap the result with `credentialsSource` (the client does) to cache it.
 * Error messages name environment variables, files, profiles and fields, never credential values.
 */
export function defaultCredentialsProvider(options: ChainOptions = {}): CredentialsProvider {
  return async () => {
    const env: Env = options.env ?? process.env;
    const home = options.homeDir ?? homedir();
    const requested = requestedProfile(options, env);

    const fromEnv = fromEnvironment(env);
    if (fromEnv !== undefined) return fromEnv;

    const cli = await fromCliConfig(env, home, requested);
    if (cli.kind === 'found') return cli.credentials;

    const ini = await fromIniFile(env, home, requested);
    if (ini.kind === 'found') return ini.credentials;

    if (requested !== undefined) {
      // An explicitly requested profile that no existing file has: say so, rather than "not found".
      const lacking = [cli, ini].filter((miss) => miss.kind === 'profile-missing').map((miss) => miss.path);
      if (lacking.length > 0) {
        throw new CredentialsError('ProfileNotFound', `Profile '${requested.name}' (from ${requested.via}) was not found in ${lacking.join(' or ')}`);
      }
    }

    const places = [`environment variables ${ENV_ACCESS_KEY_ID} and ${ENV_ACCESS_KEY_SECRET} (not set)`, cli.place, ini.place];
    throw new CredentialsError(
      'CredentialsNotFound',
      `No Alibaba Cloud credentials found. Looked at: ${places.join('; ')}. ` +
        'OIDC, ECS RAM role and credentials-URI sources are not supported; pass the credentials option or a provider instead.',
    );
  };
}

function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function requestedProfile(options: ChainOptions, env: Env): RequestedProfile | undefined {
  if (options.profile !== undefined && options.profile !== '') return { name: options.profile, via: 'the profile option' };
  const fromEnv = envValue(env, ENV_PROFILE);
  return fromEnv === undefined ? undefined : { name: fromEnv, via: ENV_PROFILE };
}

function credentialsOf(accessKeyId: string, accessKeySecret: string, securityToken?: string): Credentials {
  return redactedCredentials(securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken });
}

// 1. Environment.
function fromEnvironment(env: Env): Credentials | undefined {
  const id = envValue(env, ENV_ACCESS_KEY_ID);
  const secret = envValue(env, ENV_ACCESS_KEY_SECRET);
  const token = envValue(env, ENV_SECURITY_TOKEN);
  if (id === undefined && secret === undefined) return undefined;
  if (secret === undefined) {
    throw new CredentialsError('MissingAccessKeySecret', `${ENV_ACCESS_KEY_ID} is set but ${ENV_ACCESS_KEY_SECRET} is not`);
  }
  if (id === undefined) {
    throw new CredentialsError('InvalidCredentials', `${ENV_ACCESS_KEY_SECRET} is set but ${ENV_ACCESS_KEY_ID} is not`);
  }
  return credentialsOf(id, secret, token);
}

/** The file's text without a leading BOM and with LF line ends, or undefined when it does not exist. */
async function readTextIfExists(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CredentialsError('InvalidCredentialsFile', `Could not read credentials file ${path}`, { cause });
  }
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// 2. Aliyun CLI profile: <home>/.aliyun/config.json.
async function fromCliConfig(env: Env, home: string, requested: RequestedProfile | undefined): Promise<SourceResult> {
  const path = join(home, '.aliyun', 'config.json');
  if (envValue(env, ENV_CLI_PROFILE_DISABLED)?.trim().toLowerCase() === 'true') {
    return { kind: 'skipped', place: `${path} (skipped: ${ENV_CLI_PROFILE_DISABLED}=true)` };
  }
  const text = await readTextIfExists(path);
  if (text === undefined) return { kind: 'skipped', place: `${path} (not found)` };

  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // No cause: V8's SyntaxError message quotes part of the file, which may hold a secret.
    throw new CredentialsError('InvalidCredentialsFile', `${path} is not valid JSON`);
  }
  if (!isRecord(config)) throw new CredentialsError('InvalidCredentialsFile', `${path} must hold a JSON object`);
  const profiles = config['profiles'] ?? [];
  if (!Array.isArray(profiles)) throw new CredentialsError('InvalidCredentialsFile', `${path}: "profiles" must be an array`);

  const current = stringField(config, 'current');
  const name = requested?.name ?? current ?? CLI_DEFAULT_PROFILE;
  const profile = profiles.find((entry): entry is Record<string, unknown> => isRecord(entry) && entry['name'] === name);
  if (profile === undefined) {
    if (requested !== undefined) {
      // Decided after the INI file: the same profile name may be defined there.
      return { kind: 'profile-missing', place: `${path} (no profile '${name}')`, path };
    }
    if (current !== undefined) {
      throw new CredentialsError('ProfileNotFound', `${path} names current profile '${name}', but has no profile with that name`);
    }
    // Neither requested nor chosen by `current`, and no 'default' profile: this file selects nothing.
    return { kind: 'skipped', place: `${path} (no current profile)` };
  }

  const where = `profile '${name}' in ${path}`;
  const mode = profile['mode'];
  if (mode !== 'AK' && mode !== 'StsToken') {
    const described = typeof mode === 'string' && mode !== '' ? `mode '${mode}'` : 'no mode';
    throw new CredentialsError('UnknownCredentialType', `${where} has ${described}; only modes AK and StsToken are supported`);
  }
  const id = stringField(profile, 'access_key_id');
  const secret = stringField(profile, 'access_key_secret');
  if (id === undefined) throw new CredentialsError('InvalidCredentials', `${where} (mode ${mode}) has no access_key_id`);
  if (secret === undefined) throw new CredentialsError('MissingAccessKeySecret', `${where} (mode ${mode}) has access_key_id but no access_key_secret`);
  if (mode === 'AK') return { kind: 'found', credentials: credentialsOf(id, secret) };
  const token = stringField(profile, 'sts_token');
  if (token === undefined) throw new CredentialsError('InvalidCredentials', `${where} (mode StsToken) has no sts_token`);
  return { kind: 'found', credentials: credentialsOf(id, secret, token) };
}

/** The section `name` of a parsed INI file. The ini package nests dotted section names ([a.b] → a.b). */
function iniSection(data: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const direct = Object.hasOwn(data, name) ? data[name] : undefined;
  if (isRecord(direct)) return direct;
  let node: unknown = data;
  for (const part of name.split('.')) {
    if (!isRecord(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return isRecord(node) ? node : undefined;
}

// 3. Shared INI file: ALIBABA_CLOUD_CREDENTIALS_FILE or <home>/.alibabacloud/credentials (no .ini suffix in Node).
async function fromIniFile(env: Env, home: string, requested: RequestedProfile | undefined): Promise<SourceResult> {
  const namedFile = envValue(env, ENV_CREDENTIALS_FILE);
  const path = namedFile ?? join(home, '.alibabacloud', 'credentials');
  const text = await readTextIfExists(path);
  if (text === undefined) {
    if (namedFile !== undefined) {
      throw new CredentialsError('InvalidCredentialsFile', `${path} (named by ${ENV_CREDENTIALS_FILE}) does not exist`);
    }
    return { kind: 'skipped', place: `${path} (not found)` };
  }

  const data = parseIni(text) as Record<string, unknown>;
  const name = requested?.name ?? INI_DEFAULT_SECTION;
  const section = iniSection(data, name);
  if (section === undefined) {
    if (requested !== undefined) return { kind: 'profile-missing', place: `${path} (no [${name}] section)`, path };
    return { kind: 'skipped', place: `${path} (no [${name}] section)` };
  }

  const where = `section [${name}] of ${path}`;
  const type = section['type'];
  if (type !== 'access_key') {
    const described = typeof type === 'string' && type !== '' ? `type '${type}'` : 'no type';
    throw new CredentialsError('UnknownCredentialType', `${where} has ${described}; only type access_key is supported`);
  }
  const id = stringField(section, 'access_key_id');
  const secret = stringField(section, 'access_key_secret');
  if (id === undefined) throw new CredentialsError('InvalidCredentials', `${where} has no access_key_id`);
  if (secret === undefined) throw new CredentialsError('MissingAccessKeySecret', `${where} has access_key_id but no access_key_secret`);
  return { kind: 'found', credentials: credentialsOf(id, secret) };
}
