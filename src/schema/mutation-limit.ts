import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { RateLimitedError } from '../errors.js';
import type { GatewayContext } from '../transport/context.js';

/**
 * The gateway's mutation limit (MUTATIONS_PER_MINUTE) on every mutation field: each field charges
 * its caller one point as it starts, before anything else runs for it (its scopes, which may read
 * a recording from RealtimeKit, and its resolver). Over the limit it throws `RateLimitedError`,
 * which the errors plugin (wrapped around this one) answers as the field's `RateLimitedError`
 * result, as a RealtimeKit 429 is answered: one shape for both limits, and no upstream call.
 */
export class MutationLimitPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'Mutation') return resolver;
    return async (parent, args, context, info) => {
      const decision = await (context as GatewayContext).chargeMutation();
      if (!decision.allowed) {
        const wait = decision.retryAfterSeconds;
        throw new RateLimitedError(`Too many mutations; retry in ${wait} s.`, wait);
      }
      return resolver(parent, args, context, info);
    };
  }
}

const pluginName = 'mutationLimit';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      mutationLimit: MutationLimitPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, MutationLimitPlugin);

export default pluginName;
