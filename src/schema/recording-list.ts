import { type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';
import { primeFromRecordings } from '../datasources/loaders.js';
import { MAX_SEARCH_ENCODED } from '../datasources/validation-schemas.js';
import type { RecordingListQuery } from '../domain/inputs.js';
import { ValidationError } from '../errors.js';
import type { GatewayContext } from '../transport/context.js';
import { normaliseId } from '../util/normalise.js';
import { builder } from './builder.js';
import { RecordingOrderFieldEnum, RecordingStatusEnum, SortDirectionEnum } from './enums.js';
import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  fetchKeysetPage,
  type ListFilter,
  MAX_PAGE_SIZE,
  positionOf,
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
  description:
    'A page of recordings. Pages keep their place while recordings are started, stopped or change status between two requests: each recording is listed once, none is skipped (recordings started meanwhile are newer than every cursor, so they come before the first page newest first, after the last oldest first). A page may hold fewer than `first` items with `hasNextPage` when many recordings were invoked within the same few milliseconds; about a hundred or more within one or two milliseconds cannot be paged through in order, and such a page fails with UPSTREAM.',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many recordings match, across all pages.',
      resolve: (connection) => connection.totalCount,
    }),
  }),
});

export const AFTER_DESCRIPTION =
  'Return items after this cursor (an `endCursor` or edge `cursor` of this connection). A cursor is a position in the order (invoked time, then id), not an offset; cursors of earlier versions are refused with VALIDATION.';

export interface ListArgs {
  filter?: typeof RecordingFilterInput.$inferInput | null;
  orderBy?: typeof RecordingOrderInput.$inferInput | null;
  first?: number | null;
  after?: string | null;
}

/**
 * Resolves a Relay page of recordings from upstream, priming loaders with what the list embeds.
 * Past the first page, `totalCount` takes a call of its own: only when it is selected, and then
 * the page itself makes one call (see pagination.ts), so a page never makes more than two.
 */
export async function listRecordings(
  context: GatewayContext,
  args: ListArgs,
  info: GraphQLResolveInfo,
  meetingId?: string,
) {
  const filteredMeeting = args.filter?.meetingId
    ? normaliseId(String(args.filter.meetingId))
    : null;
  const count = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(count) || count < 0 || count > MAX_PAGE_SIZE) {
    throw new ValidationError('first', `must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const after = args.after ? decodeCursor(args.after, 'after') : null;
  const direction = args.orderBy?.direction ?? 'DESC';
  const filter: ListFilter = {
    meetingId: meetingId ?? filteredMeeting,
    status: args.filter?.status ?? null,
    startTime: args.filter?.startTime ?? null,
    endTime: args.filter?.endTime ?? null,
    expired: args.filter?.expired ?? null,
    search: args.filter?.search ?? null,
  };
  const list = (query: RecordingListQuery) => context.realtimeKit.listRecordings(query);
  const countApart = after !== null && selects(info, 'totalCount');
  const [page, total] = await Promise.all([
    fetchKeysetPage(list, filter, direction, after, count, countApart),
    countApart
      ? list({ ...filter, sortOrder: direction, pageNo: 1, perPage: 1 }).then((p) => p.totalCount)
      : null,
  ]);
  primeFromRecordings(context.loaders, page.recordings);
  const edges = page.recordings.map((node) => ({ cursor: encodeCursor(positionOf(node)), node }));
  return {
    edges,
    // Unselected past the first page, so never read.
    totalCount: total ?? page.totalCount ?? 0,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Whether the field being resolved selects `name` (through fragments; directives aside). */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet.selections);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      const fragment = info.fragments[selection.name.value];
      return fragment ? visit(fragment.selectionSet.selections) : false;
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet?.selections ?? []));
}
