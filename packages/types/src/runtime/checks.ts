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

// ISO 8601 extended date-time with a UTC designator or an offset: seconds and fractions optional.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;

/**
 * An ISO 8601 date-time in UTC or with an offset, with a real calendar date. Hand-written
 * because zod/mini's `iso` namespace adds about 0.9 KB gzipped to every edge bundle.
 */
export function isoDateTime(): z.core.$ZodCheck<string> {
  return z.superRefine<string>((text, ctx) => {
    if (!isIsoDateTime(text)) ctx.addIssue({ code: 'invalid_format', format: 'datetime', message: 'must be an ISO 8601 date-time with Z or an offset', input: text });
  });
}

export function isIsoDateTime(text: string): boolean {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second = 0, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  const dayExists = date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
  return dayExists && hour! <= 23 && minute! <= 59 && second <= 59 && offsetHour <= 23 && offsetMinute <= 59;
}
