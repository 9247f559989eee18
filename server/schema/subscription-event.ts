import type { GraphQLSchema } from 'graphql';
import { badInput } from '../domain/errors.js';

/**
 * The event a subscription's field resolver delivers. Over WebSocket, graphql-ws
 * hands each event in as the root value; a subscription sent over HTTP is
 * merely executed once, with no event, and would otherwise fail as a fault of
 * ours ("Cannot return null for non-nullable field").
 */
export function subscriptionEvent<T>(root: T | undefined): T {
  if (root === undefined || root === null) throw badInput('Subscriptions run over WebSocket: connect a graphql-ws client to /graphql.');
  return root;
}

/**
 * Every subscription field resolves to its event, synchronously: what each
 * subscription's resolver method does (`return subscriptionEvent(root)`),
 * set on the built schema because type-graphql's own resolver for such a
 * method is asynchronous whenever it takes an `@Arg` (it checks arguments in
 * an async function) or carries `@Authorized()` (its middleware chain is
 * async). Each event's execution would then be a promise, and the shared
 * fan-out would write to every subscriber a turn of the microtask queue
 * later rather than within the publisher's call. Authorisation is not lost:
 * type-graphql checks `@Authorized()` subscriptions when they subscribe,
 * and a socket whose session ends is closed.
 */
export function resolveSubscriptionsToTheirEvents(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) field.resolve = subscriptionEvent;
}
