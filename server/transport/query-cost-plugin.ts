import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../schema/context.js';
import type { QueryCost } from './query-cost.js';

/** The cost limit on the HTTP path: checked once Apollo knows the operation and its variables, before it runs. */
export function queryCostPlugin(cost: QueryCost): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          const refusal = cost.check(document, request.variables, operationName ?? request.operationName);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
