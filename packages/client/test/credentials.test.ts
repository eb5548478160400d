import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  MIN_REFRESH_INTERVAL_MS,
  REFRESH_WINDOW_MS,
  credentialsSource,
  redactedCredentials,
  type Credentials,
  type CredentialsProvider,
  type ProvidedCredentials,
} from '../src/credentials/provider.js';
import { CredentialsError, isCredentialsError } from '../src/errors/credentials-error.js';

const ID = 'LTAI-test-id';
const SECRET = 'test-secret-value-0123';
const TOKEN = 'test-token-value-4567';
const STATIC: Credentials = { accessKeyId: ID, accessKeySecret: SECRET };

/** Runs `fn` and returns what it threw (synchronously or as a rejection). */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function expectCredentialsError(error: unknown, code: CredentialsError['code']): CredentialsError {
  expect(isCredentialsError(error)).toBe(true);
  expect(error).toBeInstanceOf(CredentialsError);
  expect((error as CredentialsError).code).toBe(code);
  return error as CredentialsError;
}

/** A controllable clock, in milliseconds. */
function fakeClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

describe('REFRESH_WINDOW_MS', () => {
  it('is five minutes', () => {
    expect(REFRESH_WINDOW_MS).toBe(300_000);
  });
});

describe('credentialsSource with static credentials', () => {
  it('returns the same credentials on every call', async () => {
    const source = credentialsSource({ ...STATIC, securityToken: TOKEN });
    const first = await source();
    expect(first.accessKeyId).toBe(ID);
    expect(first.accessKeySecret).toBe(SECRET);
    expect(first.securityToken).toBe(TOKEN);
    expect(await source()).toBe(first);
  });

  it('omits securityToken when none was given', async () => {
    const credentials = await credentialsSource(STATIC)();
    expect(credentials.securityToken).toBeUndefined();
    expect('securityToken' in credentials).toBe(false);
  });

  it.each([
    ['accessKeyId', { accessKeySecret: SECRET }],
    ['accessKeyId', { accessKeyId: '', accessKeySecret: SECRET }],
    ['accessKeyId', { accessKeyId: 42, accessKeySecret: SECRET }],
    ['accessKeySecret', { accessKeyId: ID }],
    ['accessKeySecret', { accessKeyId: ID, accessKeySecret: '' }],
    ['accessKeySecret', { accessKeyId: ID, accessKeySecret: null }],
    ['securityToken', { accessKeyId: ID, accessKeySecret: SECRET, securityToken: 7 }],
  ])('rejects a bad %s synchronously with InvalidCredentials naming it (%j)', async (field, value) => {
    const error = await caught(() => credentialsSource(value as unknown as Credentials));
    const credentialsError = expectCredentialsError(error, 'InvalidCredentials');
    expect(credentialsError.message).toContain(field);
    expect(credentialsError.message).not.toContain(SECRET);
  });

  it('rejects a non-object', async () => {
    expectCredentialsError(await caught(() => credentialsSource(null as unknown as Credentials)), 'InvalidCredentials');
    expectCredentialsError(await caught(() => credentialsSource('key' as unknown as Credentials)), 'InvalidCredentials');
  });

  it('never echoes the invalid value in the message', async () => {
    const error = await caught(() => credentialsSource({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: { t: TOKEN } } as unknown as Credentials));
    const credentialsError = expectCredentialsError(error, 'InvalidCredentials');
    expect(String(credentialsError)).not.toContain(TOKEN);
    expect(String(credentialsError)).not.toContain(SECRET);
  });
});

describe('credentialsSource with a provider', () => {
  it('caches credentials without expiration forever', async () => {
    const clock = fakeClock();
    const provider = vi.fn<CredentialsProvider>(async () => ({ ...STATIC }));
    const source = credentialsSource(provider, clock.now);
    const first = await source();
    clock.advance(365 * 24 * 3600 * 1000);
    const second = await source();
    expect(provider).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(second.accessKeySecret).toBe(SECRET);
  });

  it('does not call the provider until the first call', async () => {
    const provider = vi.fn<CredentialsProvider>(async () => STATIC);
    const source = credentialsSource(provider);
    expect(provider).not.toHaveBeenCalled();
    await source();
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('refreshes REFRESH_WINDOW_MS before expiration, not earlier', async () => {
    const clock = fakeClock();
    const lifetime = 60 * 60 * 1000;
    let n = 0;
    const provider = vi.fn<CredentialsProvider>(async () => {
      n += 1;
      return { accessKeyId: `${ID}-${n}`, accessKeySecret: SECRET, securityToken: TOKEN, expiration: new Date(clock.now() + lifetime) };
    });
    const source = credentialsSource(provider, clock.now);

    expect((await source()).accessKeyId).toBe(`${ID}-1`);
    clock.advance(lifetime - REFRESH_WINDOW_MS - 1);
    expect((await source()).accessKeyId).toBe(`${ID}-1`);
    expect(provider).toHaveBeenCalledTimes(1);

    clock.advance(1); // exactly REFRESH_WINDOW_MS before expiration
    expect((await source()).accessKeyId).toBe(`${ID}-2`);
    expect(provider).toHaveBeenCalledTimes(2);

    clock.advance(1000);
    expect((await source()).accessKeyId).toBe(`${ID}-2`);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('returns credentials without the expiration field', async () => {
    const clock = fakeClock();
    const source = credentialsSource(async (): Promise<ProvidedCredentials> => ({ ...STATIC, expiration: new Date(clock.now() + 3_600_000) }), clock.now);
    const credentials = await source();
    expect(credentials).not.toHaveProperty('expiration');
    expect(credentials.accessKeySecret).toBe(SECRET);
  });

  it('shares one in-flight call between concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const provider = vi.fn<CredentialsProvider>(async () => {
      await gate;
      return { ...STATIC, securityToken: TOKEN };
    });
    const source = credentialsSource(provider);
    const pending = Array.from({ length: 5 }, () => source());
    expect(provider).toHaveBeenCalledTimes(1);
    release();
    const results = await Promise.all(pending);
    expect(provider).toHaveBeenCalledTimes(1);
    for (const result of results) expect(result).toBe(results[0]);
    expect(results[0]?.securityToken).toBe(TOKEN);
  });

  it('shares one in-flight refresh when cached credentials are due', async () => {
    const clock = fakeClock();
    let n = 0;
    const provider = vi.fn<CredentialsProvider>(async () => {
      n += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { accessKeyId: `${ID}-${n}`, accessKeySecret: SECRET, expiration: new Date(clock.now() + 600_000) };
    });
    const source = credentialsSource(provider, clock.now);
    await source();
    clock.advance(600_000 - REFRESH_WINDOW_MS);
    const results = await Promise.all(Array.from({ length: 5 }, () => source()));
    expect(provider).toHaveBeenCalledTimes(2);
    expect(results.map((c) => c.accessKeyId)).toEqual(Array(5).fill(`${ID}-2`));
  });

  it('rejects all waiting callers with ProviderFailed when the provider fails, then retries on the next call', async () => {
    const failure = new TypeError('boom');
    let fail = true;
    const provider = vi.fn<CredentialsProvider>(async () => {
      await Promise.resolve();
      if (fail) throw failure;
      return STATIC;
    });
    const source = credentialsSource(provider);
    const outcomes = await Promise.allSettled([source(), source(), source()]);
    expect(provider).toHaveBeenCalledTimes(1);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = expectCredentialsError((outcome as PromiseRejectedResult).reason, 'ProviderFailed');
      expect(error.cause).toBe(failure);
    }

    fail = false;
    const credentials = await source();
    expect(provider).toHaveBeenCalledTimes(2);
    expect(credentials.accessKeyId).toBe(ID);
  });

  it('keeps using unexpired credentials when an early refresh fails, and refreshes again on the next call', async () => {
    const clock = fakeClock();
    const outcomes: (() => ProvidedCredentials)[] = [
      () => ({ accessKeyId: 'first', accessKeySecret: SECRET, expiration: new Date(clock.now() + 600_000) }),
      () => {
        throw new Error('sts unavailable');
      },
      () => ({ accessKeyId: 'third', accessKeySecret: SECRET, expiration: new Date(clock.now() + 600_000) }),
    ];
    const provider = vi.fn<CredentialsProvider>(async () => (outcomes.shift() as () => ProvidedCredentials)());
    const source = credentialsSource(provider, clock.now);
    expect((await source()).accessKeyId).toBe('first');
    clock.advance(600_000 - REFRESH_WINDOW_MS + 1);
    expect((await source()).accessKeyId).toBe('first');
    expect((await source()).accessKeyId).toBe('third');
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it('fails the call when the refresh fails after the cached credentials expired', async () => {
    const clock = fakeClock();
    const outcomes: (() => ProvidedCredentials)[] = [
      () => ({ accessKeyId: 'first', accessKeySecret: SECRET, expiration: new Date(clock.now() + 600_000) }),
      () => {
        throw new Error('sts unavailable');
      },
    ];
    const source = credentialsSource(vi.fn<CredentialsProvider>(async () => (outcomes.shift() as () => ProvidedCredentials)()), clock.now);
    await source();
    clock.advance(600_001);
    expectCredentialsError(await caught(source), 'ProviderFailed');
  });

  it('keeps credentials that arrive inside the refresh window for MIN_REFRESH_INTERVAL_MS', async () => {
    const clock = fakeClock();
    const provider = vi.fn<CredentialsProvider>(async () => ({ accessKeyId: ID, accessKeySecret: SECRET, expiration: new Date(clock.now() + 60_000) }));
    const source = credentialsSource(provider, clock.now);
    await source();
    await source();
    expect(provider).toHaveBeenCalledTimes(1);
    clock.advance(MIN_REFRESH_INTERVAL_MS);
    await source();
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a trailing newline', `${SECRET}\n`],
    ['a leading space', ` ${SECRET}`],
    ['a control character', `${SECRET.slice(0, 3)}\u0007${SECRET.slice(3)}`],
  ])('rejects a secret with %s, naming the field but not the value', async (_name, secret) => {
    const error = expectCredentialsError(await caught(() => credentialsSource({ accessKeyId: ID, accessKeySecret: secret })), 'InvalidCredentials');
    expect(error.message).toContain('accessKeySecret');
    expect(error.message).not.toContain(SECRET);
  });

  it('wraps a provider that throws synchronously', async () => {
    const provider = (() => {
      throw new RangeError('sync');
    }) as unknown as CredentialsProvider;
    const source = credentialsSource(provider);
    const error = expectCredentialsError(await caught(source), 'ProviderFailed');
    expect(error.cause).toBeInstanceOf(RangeError);
  });

  it('passes a CredentialsError from the provider through unchanged', async () => {
    const original = new CredentialsError('CredentialsNotFound', 'nothing here');
    const source = credentialsSource(async () => {
      throw original;
    });
    expect(await caught(source)).toBe(original);
  });

  it('does not copy the provider error message (which it cannot vouch for) into its own', async () => {
    const source = credentialsSource(async () => {
      throw new Error(`request failed for secret ${SECRET}`);
    });
    const error = expectCredentialsError(await caught(source), 'ProviderFailed');
    expect(error.message).not.toContain(SECRET);
    expect(String(error)).not.toContain(SECRET);
  });

  it('rejects invalid provided credentials with InvalidCredentials and does not cache them', async () => {
    const provider = vi
      .fn<CredentialsProvider>()
      .mockResolvedValueOnce({ accessKeyId: ID, accessKeySecret: '' })
      .mockResolvedValueOnce({ ...STATIC, expiration: new Date(Number.NaN) })
      .mockResolvedValueOnce({ ...STATIC, expiration: '2030-01-01' as unknown as Date })
      .mockResolvedValueOnce(STATIC);
    const source = credentialsSource(provider);
    expect(expectCredentialsError(await caught(source), 'InvalidCredentials').message).toContain('accessKeySecret');
    expect(expectCredentialsError(await caught(source), 'InvalidCredentials').message).toContain('expiration');
    expect(expectCredentialsError(await caught(source), 'InvalidCredentials').message).toContain('expiration');
    expect((await source()).accessKeySecret).toBe(SECRET);
    expect(provider).toHaveBeenCalledTimes(4);
  });
});

describe('redaction', () => {
  const full = { accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN };

  it('keeps the secret fields readable', () => {
    const credentials = redactedCredentials(full);
    expect(credentials.accessKeyId).toBe(ID);
    expect(credentials.accessKeySecret).toBe(SECRET);
    expect(credentials.securityToken).toBe(TOKEN);
    expect(Object.isFrozen(credentials)).toBe(true);
  });

  it('hides secrets from JSON.stringify', () => {
    const json = JSON.stringify(redactedCredentials(full));
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(TOKEN);
    expect(JSON.parse(json)).toEqual({ accessKeyId: ID, accessKeySecret: '***', securityToken: '***' });
    expect(JSON.stringify({ nested: { credentials: redactedCredentials(full) } })).not.toContain(SECRET);
  });

  it('omits securityToken from the JSON when there is none', () => {
    expect(JSON.parse(JSON.stringify(redactedCredentials(STATIC)))).toEqual({ accessKeyId: ID, accessKeySecret: '***' });
  });

  it('hides secrets from String() and template literals', () => {
    const credentials = redactedCredentials(full);
    for (const text of [String(credentials), `${credentials}`, '' + credentials]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).toContain('***');
      expect(text).toContain(ID);
    }
  });

  it('hides secrets from util.inspect, also when nested', () => {
    const credentials = redactedCredentials(full);
    const text = inspect(credentials);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain("accessKeySecret: '***'");
    expect(text).toContain("securityToken: '***'");
    expect(inspect({ deep: { credentials } }, { depth: 5 })).not.toContain(SECRET);
  });

  it('hides secrets from Object.keys and Object.entries', () => {
    const credentials = redactedCredentials(full);
    expect(Object.keys(credentials)).toEqual(['accessKeyId']);
    expect(JSON.stringify(Object.entries(credentials))).not.toContain(SECRET);
  });

  it('applies to what credentialsSource returns for static and provided credentials', async () => {
    const fromStatic = await credentialsSource(full)();
    const fromProvider = await credentialsSource(async () => full)();
    for (const credentials of [fromStatic, fromProvider]) {
      expect(credentials.accessKeySecret).toBe(SECRET);
      expect(JSON.stringify(credentials)).not.toContain(SECRET);
      expect(String(credentials)).not.toContain(SECRET);
      expect(inspect(credentials)).not.toContain(TOKEN);
    }
  });

  it('is idempotent', () => {
    const twice = redactedCredentials(redactedCredentials(full));
    expect(twice.accessKeySecret).toBe(SECRET);
    expect(twice.securityToken).toBe(TOKEN);
    expect(JSON.stringify(twice)).not.toContain(SECRET);
  });
});

describe('portability', () => {
  it('imports no Node built-ins or packages, directly or through relative imports', async () => {
    const { readFileSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const start = resolve(dirname(fileURLToPath(import.meta.url)), '../src/credentials/provider.ts');
    const seen = new Set<string>();
    const external: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        else external.push(specifier);
      }
    };
    visit(start);
    expect(seen.size).toBeGreaterThan(1); // it did follow the errors module
    expect(external).toEqual([]);
  });
});
