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
