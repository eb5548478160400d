// Hand-written checks that the generated zod/mini schemas call. They depend on nothing in the
// spec: the generator passes in the field names and the content schema.
import * as z from 'zod/mini';

/** An empty value: absent or the empty string (the API treats both alike). */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === '';
}

/**
 * At least one of `fields` must be a non-empty string. On failure it reports one issue per
 * field, each naming all the fields, so a caller can point at every field involved rather
 * than at the object as a whole.
 */
export function requireOneNonEmpty<T extends object>(fields: readonly (keyof T & string)[]): z.core.$ZodCheck<T> {
  const message = `${fields.join(' or ')} must be a non-empty string (they cannot all be empty)`;
  return z.superRefine<T>((value, ctx) => {
    const record = value as Record<string, unknown>;
    if (fields.some((field) => !isEmptyValue(record[field]))) return;
    for (const field of fields) {
      ctx.addIssue({ code: 'custom', path: [field], message, input: record[field] });
    }
  });
}

/**
 * A string whose content is JSON text matching `contentSchema`. The empty string passes: it
 * means "no value". Issues of the content keep their path below the string's own path.
 */
export function jsonContent(contentSchema: z.ZodMiniType): z.core.$ZodCheck<string> {
  return z.superRefine<string>((text, ctx) => {
    if (text === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be JSON text (${(error as Error).message})`, input: text });
      return;
    }
    const result = contentSchema.safeParse(parsed);
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ ...issue, path: [...issue.path] } as z.core.$ZodSuperRefineIssue);
    }
  });
}

// ISO 8601 extended date-time with a UTC designator or an offset; seconds and fractions are
// optional. The ranges of hours, minutes, seconds and offsets are in the pattern; whether the
// day exists in its month is checked apart.
const ISO_DATE_TIME = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * An ISO 8601 date-time in UTC or with an offset, on a day that exists. Hand-written because
 * zod/mini's `iso` namespace adds about 0.9 KB gzipped to every edge bundle.
 */
export function isoDateTime(): z.core.$ZodCheck<string> {
  return z.superRefine<string>((text, ctx) => {
    if (!isIsoDateTime(text)) ctx.addIssue({ code: 'invalid_format', format: 'datetime', message: 'must be an ISO 8601 date-time with Z or an offset', input: text });
  });
}

export function isIsoDateTime(text: string): boolean {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return false;
  const day = Number(match[3]);
  // Every month has 28 days. Past that, day 0 of the next month is the month's last day; the
  // Gregorian calendar repeats every 400 years, and years 2000-2399 keep Date.UTC off its
  // reading of years 0-99 as 1900-1999.
  return day <= 28 || day <= new Date(Date.UTC(2000 + (Number(match[1]) % 400), Number(match[2]), 0)).getUTCDate();
}
