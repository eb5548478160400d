import type * as z from 'zod/mini';
import type { FieldIssue } from './errors.js';

const WHOLE_REQUEST = '(request)';

/**
 * English messages built from issue codes and paths: zod/mini ships no messages (they are all
 * "Invalid input"), and loading a zod locale would cost bundle size for every user.
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const field = issue.path.length === 0 ? WHOLE_REQUEST : issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length === 0 ? '' : `${field}.`;
      return issue.keys.map((key) => ({ field: `${prefix}${key}`, problem: 'is not a field of this request' }));
    }
    return [{ field, problem: problemOf(issue) }];
  });
}

function problemOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${issue.minimum} character(s) long` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${issue.maximum} character(s) long` : `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'custom':
      return issue.message;
    default:
      return `is invalid (${issue.code})`;
  }
}

function article(expected: string): string {
  return expected === 'object' || expected === 'array' ? `an ${expected}` : `a ${expected}`;
}
