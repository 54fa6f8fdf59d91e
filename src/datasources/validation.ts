import type { z } from 'zod';
import type {
  RecordingListQuery,
  StartRecordingInput,
  StartTrackRecordingInput,
} from '../domain/inputs.js';
import { ValidationError } from '../errors.js';
import { uuid } from './validation-fields.js';
import {
  listQuerySchema,
  startRecordingSchema,
  startTrackRecordingSchema,
} from './validation-schemas.js';

/**
 * Argument checks run before any upstream call. Each throws a ValidationError for the first
 * problem, naming the GraphQL argument path (`input.layers[1].name`, `filter.meetingId`, `first`).
 * Messages are built from the rule alone, so a secret's value can never appear in one.
 */

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

/** Where each list-query field comes from in the GraphQL `recordings` arguments. */
const LIST_FIELDS: Record<string, string> = {
  meetingId: 'filter.meetingId',
  status: 'filter.status',
  startTime: 'filter.startTime',
  endTime: 'filter.endTime',
  expired: 'filter.expired',
  search: 'filter.search',
  sortOrder: 'orderBy',
  pageNo: 'after',
  perPage: 'first',
};

function formatPath(root: string, path: Path): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    root,
  );
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const UNITS: Record<string, [string, string]> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
};

function bound(
  issue: { origin: string; inclusive?: boolean },
  limit: number | bigint,
  min: boolean,
) {
  const unit = UNITS[issue.origin];
  if (!unit) {
    if (issue.inclusive === false) return `must be ${min ? 'greater' : 'less'} than ${limit}`;
    return `must be at ${min ? 'least' : 'most'} ${limit}`;
  }
  if (min && limit === 1 && issue.origin === 'string') return 'must not be empty';
  const noun = limit === 1 ? unit[0] : unit[1];
  return `must ${issue.origin === 'string' ? 'be' : 'have'} at ${min ? 'least' : 'most'} ${limit} ${noun}`;
}

/** A message from the issue's rule; only our own custom messages are passed through. */
function describe(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const present = valueAt(input, issue.path) != null;
      if (!present) return 'is required';
      return issue.expected === 'int' ? 'must be an integer' : `must be of type ${issue.expected}`;
    }
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'custom':
      return issue.message;
    default:
      return 'is invalid';
  }
}

function check<T>(schema: z.ZodType<T>, input: unknown, field: (path: Path) => string): void {
  const result = schema.safeParse(input);
  const issue = result.success ? undefined : result.error.issues[0];
  if (issue) throw new ValidationError(field(issue.path), describe(issue, input));
}

/** Checks a `startRecording` input; fields are reported under `input.`. */
export function validateStartRecording(input: StartRecordingInput): void {
  check(startRecordingSchema, input, (path) => formatPath('input', path));
}

/** Checks a `startTrackRecording` input; fields are reported under `input.`. */
export function validateStartTrackRecording(input: StartTrackRecordingInput): void {
  check(startTrackRecordingSchema, input, (path) => formatPath('input', path));
}

/** Checks that a recording id is a UUID. */
export function validateRecordingId(id: string, field = 'id'): void {
  check(uuid, id, () => field);
}

/** Checks that a meeting id is a UUID. */
export function validateMeetingId(id: string, field = 'id'): void {
  check(uuid, id, () => field);
}

/** Checks a session id (a UUID) before it is looked up. */
export function validateSessionId(id: string, field = 'sessionId'): void {
  check(uuid, id, () => field);
}

/** Checks a list query; fields are reported as the `recordings` arguments they come from. */
export function validateListQuery(query: RecordingListQuery): void {
  check(listQuerySchema, query, (path) => {
    const [head, ...rest] = path;
    return formatPath(LIST_FIELDS[String(head)] ?? String(head ?? 'filter'), rest);
  });
}
