import type { z } from 'zod';

/** Joi-style wording, as the upstream's examples show (`"name" is required`). */
export function describe(issue: z.core.$ZodIssue): string {
  const field = `"${issue.path.length > 0 ? issue.path.join('.') : 'value'}"`;
  // With reportInput, a missing value shows as an issue whose input is undefined, whatever its code.
  if ('input' in issue && issue.input === undefined) return `${field} is required`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int'
        ? `${field} must be an integer`
        : `${field} must be of type ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${field} must contain at least ${issue.minimum} items`
        : issue.origin === 'string'
          ? `${field} is not allowed to be empty`
          : `${field} must be greater than or equal to ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `${field} must contain less than or equal to ${issue.maximum} items`
        : `${field} must be less than or equal to ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'guid') return `${field} must be a valid GUID`;
      if (issue.format === 'url') return `${field} must be a valid uri`;
      if (issue.format === 'datetime') return `${field} must be in ISO 8601 date format`;
      return `${field} must match the ${issue.format} format`;
    case 'invalid_value':
      return `${field} must be one of [${issue.values.map(String).join(', ')}]`;
    case 'custom':
      return `${field} ${issue.message}`;
    default:
      return `${field} is invalid: ${issue.message}`;
  }
}
