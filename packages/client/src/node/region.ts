/** The region from ALIBABA_CLOUD_REGION_ID when it is set and non-empty (trimmed), else undefined. */
export function regionFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const value = env['ALIBABA_CLOUD_REGION_ID']?.trim();
  return value === undefined || value === '' ? undefined : value;
}
