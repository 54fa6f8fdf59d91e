import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UpstreamError,
  ValidationError,
} from '../errors.js';
import type { GatewayContext } from '../transport/context.js';
import { meetingScopes } from './access.js';
import { defaultWeight, weigh } from './cost.js';
import MutationLimitPlugin from './mutation-limit.js';

const upperFirst = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/**
 * The one Pothos builder: plugins and scalars are configured here; types live in their own files.
 * Relay is used for connection and PageInfo types only: ids are RealtimeKit's own UUIDs, so there
 * is no global `node` field.
 *
 * Plugin order matters: the errors plugin wraps scope-auth, so a scope that cannot establish a
 * recording (NOT_FOUND) answers as the mutation's typed error; refusals (FORBIDDEN) are no result
 * type and stay GraphQL errors. The mutation limit sits between them: a mutation over it answers
 * `RateLimitedError` before its scopes could read anything upstream. Scopes combine with `all`:
 * `{ read: true, meeting: id }` needs both.
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: { read: boolean; write: boolean; meeting: string | null; recording: string };
  DefaultAuthStrategy: 'all';
  Scalars: { DateTime: { Input: string; Output: string } };
  Connection: { totalCount: number };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ErrorsPlugin, MutationLimitPlugin, ScopeAuthPlugin, ComplexityPlugin, RelayPlugin],
  scopeAuth: {
    // Check a subscription's scopes when it starts, not only on each event it delivers.
    authorizeOnSubscribe: true,
    defaultStrategy: 'all',
    // A type's scopes (the meeting a Recording or Meeting belongs to) are checked once per object.
    runScopesOnType: true,
    authScopes: (context) => ({
      read: context.viewer.scopes.has('recordings:read'),
      write: context.viewer.scopes.has('recordings:write'),
      ...meetingScopes(context),
    }),
    // No detail: which scope was missing helps only an attacker.
    unauthorizedError: () => new ForbiddenError(),
  },
  // Weights only: the limits are enforced before execution, with variables (security/limits.ts).
  complexity: { disabled: true, fieldComplexity: defaultWeight },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // A connection's size is its field's `first`; its edges do not multiply it again.
    edgesFieldOptions: {
      nullable: false,
      description: 'The items of this page, with cursors.',
      complexity: weigh({ items: 1 }),
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Pass as `after` to continue after this item.' },
    pageInfoFieldOptions: { description: 'Where this page is in the whole list.' },
    pageInfoTypeOptions: { description: 'Relay paging information.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of this page.' },
    endCursorFieldOptions: {
      description: 'Cursor of the last item; pass as `after` for the next page.',
    },
    defaultEdgeTypeOptions: { description: 'An item of a list, with its cursor.' },
  },
  errors: {
    directResult: true,
    // Every mutation's result: its success type, or one of these.
    defaultTypes: [ValidationError, NotFoundError, ConflictError, RateLimitedError, UpstreamError],
    defaultUnionOptions: {
      name: ({ fieldName }) => `${upperFirst(fieldName)}Result`,
      description: 'The outcome of a mutation: its success type, or an expected error.',
    },
  },
});
