import { parseArgs, type ParseArgsConfig } from 'node:util';
import { getAuthCodeCliFlags } from '../generated/cli-flags.js';
import { getAuthCodeDefinition } from '../generated/operations.js';
import { defaultCredentialsProvider } from '../node/credentials-chain.js';
import { regionFromEnv } from '../node/region.js';
import { createContext } from '../runtime/context.js';
import { prepareRequest, signAttempt } from '../runtime/call.js';
import { redactHeaders, redactText } from '../runtime/redact.js';
import { createClient } from '../node/index.js';

/** Where the CLI writes and what environment it reads: injected so tests run it in-process too. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const COMMON_FLAGS = {
  region: { type: 'string', help: 'Region ID (default: ALIBABA_CLOUD_REGION_ID, then cn-shanghai).' },
  endpoint: { type: 'string', help: 'Endpoint origin, overrides --region (http only for loopback hosts).' },
  profile: { type: 'string', help: 'Credentials profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials.' },
  json: { type: 'boolean', help: 'Print the whole response as JSON instead of just the code.' },
  'dry-run': { type: 'boolean', help: 'Print the signed request (secrets as ***) and send nothing.' },
  help: { type: 'boolean', help: 'Show this help.' },
} as const;

export const USAGE_EXIT = 2;

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    // Every option is single-valued (no `multiple`), so no value is an array.
    values = parseArgs({ args: [...argv], options: parseOptions(), strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    io.stderr(`getauthcode: ${(error as Error).message}\n\n${usage()}`);
    return USAGE_EXIT;
  }
  if (values.help) {
    io.stdout(usage());
    return 0;
  }
  try {
    return values['dry-run'] ? await dryRun(values, io) : await call(values, io);
  } catch (error) {
    io.stderr(describeError(error));
    return 1;
  }
}

function parseOptions(): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const flag of getAuthCodeCliFlags) options[flag.flag] = { type: flag.type };
  for (const [name, flag] of Object.entries(COMMON_FLAGS)) options[name] = { type: flag.type };
  return options;
}

function requestFrom(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  return Object.fromEntries(getAuthCodeCliFlags.filter((flag) => values[flag.flag] !== undefined).map((flag) => [flag.field, values[flag.flag]]));
}

function clientOptions(values: Record<string, string | boolean | undefined>, env: CliIO['env']) {
  const endpoint = values.endpoint as string | undefined;
  const profile = values.profile as string | undefined;
  return {
    credentials: defaultCredentialsProvider({ env, ...(profile === undefined ? {} : { profile }) }),
    endpoint,
    regionId: (values.region as string | undefined) ?? (endpoint === undefined ? regionFromEnv(env) : undefined),
  };
}

async function call(values: Record<string, string | boolean | undefined>, io: CliIO): Promise<number> {
  const client = createClient(clientOptions(values, io.env));
  const response = await client.getAuthCode(requestFrom(values) as never);
  io.stdout(values.json ? `${JSON.stringify(response, null, 2)}\n` : `${response.AuthModel.AuthCode}\n`);
  return 0;
}

/** Signs exactly as a call would, prints every part with secrets as ***, and sends nothing. */
async function dryRun(values: Record<string, string | boolean | undefined>, io: CliIO): Promise<number> {
  const context = createContext(clientOptions(values, io.env));
  const prepared = prepareRequest(context, getAuthCodeDefinition, requestFrom(values));
  const { signed, credentials } = await signAttempt(context, getAuthCodeDefinition, prepared);
  const secrets = [credentials.accessKeySecret, credentials.securityToken, signed.headers.authorization];
  const headers = Object.entries(redactHeaders(signed.headers)).map(([name, value]) => `  ${name}: ${value}`);
  const indent = (text: string) => text.split('\n').map((line) => `  ${line}`).join('\n');
  io.stdout(
    [
      `${getAuthCodeDefinition.method} ${prepared.url}`,
      'headers:',
      ...headers,
      'body:',
      indent(prepared.body),
      'canonical request:',
      indent(redactText(signed.canonicalRequest, secrets)),
      'string to sign:',
      indent(signed.stringToSign),
      '(dry run: nothing was sent)',
      '',
    ].join('\n'),
  );
  return 0;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `getauthcode: ${String(error)}\n`;
  const details = error as { code?: unknown; requestId?: unknown; issues?: { field: string; problem: string }[] };
  const lines = [`getauthcode: ${error.name}: ${error.message}`];
  if (typeof details.code === 'string') lines.push(`  code: ${details.code}`);
  if (typeof details.requestId === 'string') lines.push(`  request id: ${details.requestId}`);
  for (const issue of details.issues ?? []) lines.push(`  ${issue.field}: ${issue.problem}`);
  return `${lines.join('\n')}\n`;
}

function usage(): string {
  const rows = [
    ...getAuthCodeCliFlags.map((flag) => [`--${flag.flag}${flag.type === 'string' ? ' <value>' : ''}`, flag.help] as const),
    ...Object.entries(COMMON_FLAGS).map(([name, flag]) => [`--${name}${flag.type === 'string' ? ' <value>' : ''}`, flag.help] as const),
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    'Usage: getauthcode [options]',
    '',
    'Calls GetAuthCode (appstream-center 2021-02-18) and prints the authorization code.',
    'Credentials come from the default chain: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/ALIBABA_CLOUD_SECURITY_TOKEN,',
    '~/.aliyun/config.json, then ~/.alibabacloud/credentials.',
    '',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    '',
  ].join('\n');
}
