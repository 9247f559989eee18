import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/**
 * Counts each query and mutation root field while it runs, on HTTP and
 * WebSocket alike, so that a shutdown waits for them to finish and answer.
 * graphql-ws executes operations on its own, so the schema is the one place
 * both paths pass through. Subscriptions are not counted: they end when
 * their socket closes.
 *
 * Root fields only, wrapped in place once the schema is built. A
 * type-graphql global middleware would do the same, but type-graphql then
 * wraps the resolver of every field of every type in its async middleware
 * chain: each field of each message in a history, and of each event
 * executed for subscribers, would resolve through a promise of its own.
 *
 * `enter` marks the start and returns the function that marks the end.
 */
export function countRootFieldsInFlight(schema: GraphQLSchema, enter: () => () => void): void {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) field.resolve = counted(field.resolve ?? defaultFieldResolver, enter);
  }
}

function counted(resolve: GraphQLFieldResolver<unknown, unknown>, enter: () => () => void): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const leave = enter();
    let result: unknown;
    try {
      result = resolve(source, args, context, info);
    } catch (error) {
      leave();
      throw error;
    }
    if (!isPromiseLike(result)) {
      leave();
      return result;
    }
    return Promise.resolve(result).finally(leave);
  };
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';
