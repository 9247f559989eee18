import type { MiddlewareFn } from 'type-graphql';

/**
 * Counts each query and mutation root field while it runs, on HTTP and
 * WebSocket alike, so that a shutdown waits for them to finish and answer.
 * graphql-ws executes operations on its own, so this is the one place both
 * paths pass through. Subscriptions are not counted: they end when their
 * socket closes.
 *
 * `enter` marks the start and returns the function that marks the end.
 */
export function countOperationsInFlight(enter: () => () => void): MiddlewareFn {
  return async ({ info }, next) => {
    if (info.path.prev !== undefined || info.operation.operation === 'subscription') return next();
    const leave = enter();
    try {
      return await next();
    } finally {
      leave();
    }
  };
}
