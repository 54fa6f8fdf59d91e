import type { GatewayContext } from '../context.js';
import { primeFromRecordings } from '../datasources/loaders.js';
import { MAX_SEARCH_ENCODED } from '../datasources/validation-schemas.js';
import type { RecordingListQuery } from '../domain/inputs.js';
import { ValidationError } from '../errors.js';
import { normaliseId } from '../util/normalise.js';
import { builder } from './builder.js';
import { RecordingOrderFieldEnum, RecordingStatusEnum, SortDirectionEnum } from './enums.js';
import {
  DEFAULT_PAGE_SIZE,
  decodeOffsetCursor,
  encodeOffsetCursor,
  fetchWindow,
  MAX_PAGE_SIZE,
} from './pagination.js';
import { RecordingRef } from './recording.js';

/** The recordings list as a Relay connection: its filter, order and paging over upstream pages. */

export const RecordingFilterInput = builder.inputType('RecordingFilter', {
  description: 'Narrows a list of recordings. All given conditions must hold.',
  fields: (t) => ({
    meetingId: t.id({ description: 'Only recordings of this meeting.' }),
    status: t.field({ type: [RecordingStatusEnum], description: 'Only these statuses.' }),
    startTime: t.field({ type: 'DateTime', description: 'Only recordings invoked at or after.' }),
    endTime: t.field({ type: 'DateTime', description: 'Only recordings invoked at or before.' }),
    expired: t.boolean({ description: 'Only expired (true) or unexpired (false) downloads.' }),
    search: t.string({
      description: `Matches the meeting id or title (at most ${MAX_SEARCH_ENCODED} characters once URL-encoded).`,
    }),
  }),
});

export const RecordingOrderInput = builder.inputType('RecordingOrder', {
  description: 'How recordings are sorted.',
  fields: (t) => ({
    field: t.field({
      type: RecordingOrderFieldEnum,
      required: true,
      defaultValue: 'INVOKED_TIME',
      description: 'The sort key.',
    }),
    direction: t.field({
      type: SortDirectionEnum,
      required: true,
      defaultValue: 'DESC',
      description: 'The sort direction.',
    }),
  }),
});

export const RecordingConnection = builder.connectionObject({
  type: RecordingRef,
  name: 'RecordingConnection',
  description: 'A page of recordings.',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many recordings match, across all pages.',
      resolve: (connection) => connection.totalCount,
    }),
  }),
});

export interface ListArgs {
  filter?: typeof RecordingFilterInput.$inferInput | null;
  orderBy?: typeof RecordingOrderInput.$inferInput | null;
  first?: number | null;
  after?: string | null;
}

/** Resolves a Relay page of recordings from upstream, priming loaders with what the list embeds. */
export async function listRecordings(context: GatewayContext, args: ListArgs, meetingId?: string) {
  const filteredMeeting = args.filter?.meetingId
    ? normaliseId(String(args.filter.meetingId))
    : null;
  const count = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(count) || count < 0 || count > MAX_PAGE_SIZE) {
    throw new ValidationError('first', `must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const start = args.after ? decodeOffsetCursor(args.after, 'after') + 1 : 0;
  const filter: Omit<RecordingListQuery, 'pageNo' | 'perPage'> = {
    meetingId: meetingId ?? filteredMeeting,
    status: args.filter?.status ?? null,
    startTime: args.filter?.startTime ?? null,
    endTime: args.filter?.endTime ?? null,
    expired: args.filter?.expired ?? null,
    search: args.filter?.search ?? null,
    sortOrder: args.orderBy?.direction ?? 'DESC',
  };
  const list = (query: RecordingListQuery) => context.realtimeKit.listRecordings(query);
  const page =
    count === 0
      ? {
          recordings: [],
          totalCount: (await list({ ...filter, pageNo: 1, perPage: 1 })).totalCount,
        }
      : await fetchWindow(list, filter, start, count);
  primeFromRecordings(context.loaders, page.recordings);
  const edges = page.recordings.map((node, index) => ({
    cursor: encodeOffsetCursor(start + index),
    node,
  }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: start + edges.length < page.totalCount,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
