import { randomUUID } from 'node:crypto';
import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isInputObjectType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { post } from './support/http.js';
import { bearer } from './support/keys.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';

/**
 * Meeting limits are declared once, as scope-auth scopes: on every field that takes a meeting (or
 * a recording to act on) and on every type that belongs to a meeting. The first part walks the
 * schema, so a field or type added without its scope fails here; the second drives a token
 * limited to one meeting through every path that reaches another's data.
 */

const NAMED = '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e';
type Options = { authScopes?: unknown };
type ScopeMap = Record<string, unknown> | boolean;

function scopesOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): ScopeMap {
  const option = (field.extensions.pothosOptions as Options | undefined)?.authScopes;
  return typeof option === 'function'
    ? option(undefined, args, {}, undefined)
    : (option as ScopeMap);
}

/** Paths (e.g. ['input', 'meetingId']) to every `meetingId` a field's arguments can carry. */
function meetingIdPaths(name: string, type: GraphQLInputType, seen = new Set()): string[][] {
  if (name === 'meetingId') return [[name]];
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named)) return [];
  seen.add(named);
  return Object.values(named.getFields()).flatMap((field) =>
    meetingIdPaths(field.name, field.type, seen).map((path) => [name, ...path]),
  );
}

function argsAt(path: string[], value: string): Record<string, unknown> {
  const [head, ...rest] = path;
  return { [head ?? '']: rest.length === 0 ? value : argsAt(rest, value) };
}

const ROOTS = [
  [schema.getQueryType(), 'read'],
  [schema.getMutationType(), 'write'],
  [schema.getSubscriptionType(), 'read'],
] as const;

const ROOT_FIELDS = ROOTS.flatMap(([root, scope]) =>
  Object.values(root?.getFields() ?? {}).map(
    (field) => [`${root?.name}.${field.name}`, field, scope] as const,
  ),
);

describe('every field that names a meeting or a recording declares its scope', () => {
  it.each(ROOT_FIELDS)('%s', (_name, field, scope) => {
    const cases: Array<[Record<string, unknown>, string]> = [];
    for (const arg of field.args) {
      for (const path of meetingIdPaths(arg.name, arg.type)) {
        cases.push([argsAt(path, NAMED), 'meeting']);
      }
    }
    const idArg = field.args.some((arg) => arg.name === 'id');
    if (idArg && getNamedType(field.type).name === 'Meeting')
      cases.push([{ id: NAMED }, 'meeting']);
    if (idArg && scope === 'write') cases.push([{ id: NAMED }, 'recording']);
    for (const [args, named] of cases) {
      expect(scopesOf(field, args)).toMatchObject({ [scope]: true, [named]: NAMED });
    }
    if (field.args.every((arg) => arg.name !== 'input')) {
      expect(scopesOf(field, {})).toMatchObject({ [scope]: true });
    }
  });

  it('the types that belong to a meeting check it wherever they appear', async () => {
    const owned = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && (type.name === 'Meeting' || 'meetingId' in type.getFields()),
    );
    expect(owned.map((type) => type.name).sort()).toEqual([
      'Meeting',
      'Recording',
      'RecordingStatusEvent',
    ]);
    const limited = {
      viewer: { meetingIds: new Set([NAMED]) },
      loaders: { sessionMeeting: { load: async () => null } },
    };
    const parents: Record<string, unknown> = {
      Meeting: { id: NAMED },
      Recording: { id: randomUUID(), meetingId: NAMED, meeting: null },
      RecordingStatusEvent: { meetingId: NAMED, recording: { meetingId: NAMED } },
    };
    for (const type of owned) {
      const option = (type.extensions.pothosOptions as Options).authScopes;
      expect(typeof option).toBe('function');
      const check = option as (parent: unknown, context: unknown) => unknown;
      expect(await check(parents[type.name], limited)).toEqual({ meeting: NAMED });
      expect(await check(parents[type.name], { viewer: { meetingIds: null } })).toBe(true);
    }
  });
});

describe('a token limited to one meeting, on every path to another meeting’s data', () => {
  let gateway: StandInGateway;
  const allowed = randomUUID();
  const other = randomUUID();
  let own = '';
  let foreign = '';

  beforeAll(async () => {
    gateway = await startStandInGateway();
    own = (await gateway.app.realtimeKit.startRecording({ meetingId: allowed })).id;
    foreign = (await gateway.app.realtimeKit.startRecording({ meetingId: other })).id;
  });
  afterAll(() => gateway?.close());

  async function run(query: string) {
    const token = await gateway.token({ meeting_ids: [allowed.toUpperCase()] });
    const from = gateway.standIn.calls.length;
    const { body: answer } = await post(gateway.app, { query }, { authorization: bearer(token) });
    return { answer, calls: gateway.standIn.calls.length - from };
  }

  it.each([
    // Found, then its meeting through its session: then refused.
    [
      'recording(id) of another meeting',
      () => `{ recording(id: "${foreign}") { id meeting { id } } }`,
      2,
    ],
    ['meeting(id)', () => `{ meeting(id: "${other.toUpperCase()}") { id title } }`, 0],
    ['activeRecording(meetingId)', () => `{ activeRecording(meetingId: "${other}") { id } }`, 0],
    ['recordings without a meeting', () => '{ recordings { totalCount } }', 0],
    [
      'recordings of another meeting',
      () => `{ recordings(filter: { meetingId: "${other}" }) { totalCount } }`,
      0,
    ],
  ])('refuses %s with one FORBIDDEN', async (_name, query, lookups) => {
    const { answer, calls } = await run(query());
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(Object.values(answer.data ?? {}).filter((value) => value !== null)).toEqual([]);
    expect(calls).toBe(lookups);
  });

  it('serves its own meeting on every path, in any spelling', async () => {
    const { answer } = await run(`{
      recording(id: "${own}") {
        id
        meeting { id activeRecording { id } activeRecordings { id } recordings(first: 5) { totalCount } }
        statusHistory { status }
      }
      activeRecording(meetingId: "${allowed.toUpperCase()}") { id }
      meeting(id: "${allowed}") { id }
      recordings(filter: { meetingId: "${allowed}" }) { edges { node { id meetingId } } }
    }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      recording: {
        id: own,
        meeting: {
          id: allowed,
          activeRecording: { id: own },
          activeRecordings: [{ id: own }],
          recordings: { totalCount: 1 },
        },
        statusHistory: [],
      },
      activeRecording: { id: own },
      meeting: { id: allowed },
      recordings: { edges: [{ node: { id: own, meetingId: allowed } }] },
    });
  });
});
