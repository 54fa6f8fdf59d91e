import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import { withoutSuggestions } from './error-messages.js';
import { operationCostPlugin } from './operation-cost.js';
import type { UpstreamCallBudget } from './query-budget.js';
import { callerKey } from './rate-limit.js';

/** Per-operation ceilings; every hostile shape they stop is refused before any resolver runs. */
export interface GraphQLLimits {
  /** Deepest selection nesting (fragments count as a level, as GraphQL Armor counts them). */
  maxDepth: number;
  /**
   * Cost with the variables' values: 1 per field, 10 more per upstream call it may make, a list's
   * selection times its size (`first` on connections). See schema/cost.ts.
   */
  maxCost: number;
  /** Upstream calls one request may cause: refused when foreseen, stopped when not. */
  maxUpstreamCalls: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexer tokens in the document; bounds parse time before anything else looks at it. */
  maxTokens: number;
  /** Request body (POST) or URL (GET) size in bytes. */
  maxBodyBytes: number;
}

/**
 * Sized for this schema: its deepest real query (recordings → edges → node → meeting → …) is about
 * 6 levels and the GraphiQL document and every test document stay well under each limit; a page
 * of 100 recordings with every field of theirs and of their meetings costs about 14,000. RealtimeKit
 * allows an app 250 calls in 10 s: one request may spend a fifth of that.
 */
export const DEFAULT_LIMITS: GraphQLLimits = {
  maxDepth: 12,
  maxCost: 20_000,
  maxUpstreamCalls: 50,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  maxBodyBytes: 64 * 1024,
};

const ARMOR_PREFIX = /^Syntax Error: /;

/**
 * GraphQL Armor throws a bare `GraphQLError` ("Syntax Error: …") with no code; rethrowing our own
 * gives clients the gateway's `VALIDATION` code and drops the misleading "Syntax Error" prefix.
 */
const asValidationError: GraphQLArmorRejectCallback = (_context, error) => {
  throw new GraphQLError(error.message.replace(ARMOR_PREFIX, ''), {
    extensions: { code: 'VALIDATION' },
  });
};

/**
 * Introspection off for every operation, whatever the transport. yoga's plugin decides per HTTP
 * request (in a hook graphql-ws never passes), and yoga caches a document's validation without
 * that rule in its key: graphql-ws answered introspection in production, and a document it had
 * validated first was then answered over HTTP too. Adding the rule to every validation keeps the
 * cached result the same for all.
 */
function disableIntrospection(): Plugin {
  return {
    onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule),
  };
}

const INTROSPECTION_DISABLED = /^GraphQL introspection has been disabled/;

/** Gives the introspection refusal of `NoSchemaIntrospectionCustomRule` the `VALIDATION` code. */
function introspectionErrorCode(): Plugin {
  return {
    onValidate: () =>
      function onValidateEnd({ valid, result, setResult }) {
        if (valid) return;
        setResult(
          result.map((error) =>
            INTROSPECTION_DISABLED.test(error.message) && error.extensions.code === undefined
              ? new GraphQLError(error.message, {
                  nodes: error.nodes,
                  extensions: { code: 'VALIDATION' },
                })
              : error,
          ),
        );
      },
  };
}

/**
 * Drops "Did you mean …?" from validation errors: field, argument, type and enum value suggestions
 * alike (GraphQL Armor's own filter misses "Did you mean the enum value …"). Errors of execution,
 * variable coercion included, are rewritten where errors are masked.
 */
function hideValidationSuggestions(): Plugin {
  return {
    onValidate: () =>
      function onValidateEnd({ valid, result, setResult }) {
        if (valid) return;
        setResult(
          result.map((error) => {
            const message = withoutSuggestions(error.message);
            return message === error.message
              ? error
              : new GraphQLError(message, {
                  nodes: error.nodes,
                  source: error.source,
                  positions: error.positions,
                  extensions: error.extensions,
                });
          }),
        );
      },
  };
}

/**
 * Refuses a GET whose URL is over `maxBytes` with 414: a GET carries its operation in the URL, so
 * the body limit applies there too, with the code yoga gives an oversized body. Node's own header limit (16 KiB) is above the smallest
 * setting. Bodies are capped by bodySizeLimitPlugin (body-limit.ts).
 */
export function urlLimitPlugin(maxBytes: number): Plugin {
  const message = `Request URL is longer than ${maxBytes} bytes.`;
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (Buffer.byteLength(request.url) <= maxBytes) return;
      endResponse(
        new Response(
          JSON.stringify({
            errors: [{ message, extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }],
          }),
          { status: 414, headers: { 'content-type': 'application/json; charset=utf-8' } },
        ),
      );
    },
  };
}

/** What the upstream-call budget reads of a request's context: who is asking and what it spent. */
interface CallerContext {
  readonly viewer: Pick<Viewer, 'subject'>;
  readonly clientAddress: string;
  readonly upstreamCalls: { readonly count: number };
}

/**
 * The gateway's GraphQL hardening as yoga plugins: GraphQL Armor's depth, alias, directive and
 * token limits, the cost and upstream-call limits measured with the variables' values (refusals
 * carry `extensions.code: 'VALIDATION'`), the queries' upstream `budget` per caller when given,
 * the body size limit, and in production no introspection and no "Did you mean …" suggestions
 * unless `introspection` is set (suggestions reveal the schema just as introspection does, so one
 * setting governs both).
 */
export function hardeningPlugins(options: {
  limits: GraphQLLimits;
  production: boolean;
  introspection?: boolean;
  budget?: UpstreamCallBudget | undefined;
}): Plugin[] {
  const { limits } = options;
  const hideSchema = options.production && options.introspection !== true;
  const onReject = [asValidationError];
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, onReject },
    // Armor's cost reads literals only (`first: $n` costs as `first` absent); ours is below.
    costLimit: { enabled: false },
    maxAliases: { n: limits.maxAliases, onReject },
    maxDirectives: { n: limits.maxDirectives, onReject },
    maxTokens: { n: limits.maxTokens, onReject },
    blockFieldSuggestion: { enabled: false },
  });
  return [
    urlLimitPlugin(limits.maxBodyBytes),
    ...(armor.protect().plugins as Plugin[]),
    operationCostPlugin<CallerContext>({
      maxCost: limits.maxCost,
      maxUpstreamCalls: limits.maxUpstreamCalls,
      budget: options.budget && {
        calls: options.budget,
        keyOf: (context) => callerKey(context.viewer.subject, context.clientAddress),
        spentBy: (context) => context.upstreamCalls.count,
      },
    }),
    ...(hideSchema
      ? [disableIntrospection(), introspectionErrorCode(), hideValidationSuggestions()]
      : []),
  ];
}
