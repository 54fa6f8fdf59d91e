import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GatewayContext } from '../context.js';
import { ForbiddenError } from '../errors.js';

/**
 * The one Pothos builder: plugins and scalars are configured here; types live in their own files.
 * Relay is used for connection and PageInfo types only: ids are RealtimeKit's own UUIDs, so there
 * is no global `node` field.
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: { read: boolean; write: boolean };
  Scalars: { DateTime: { Input: string; Output: string } };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  scopeAuth: {
    // Check a subscription's scopes when it starts, not only on each event it delivers.
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      read: context.viewer.scopes.has('recordings:read'),
      write: context.viewer.scopes.has('recordings:write'),
    }),
    // No detail: which scope was missing helps only an attacker.
    unauthorizedError: () => new ForbiddenError(),
  },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false, description: 'The items of this page, with cursors.' },
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
  errors: { directResult: true },
});
