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
