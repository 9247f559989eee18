import { PubSub } from 'graphql-subscriptions';
import { describe, expect, it } from 'vitest';
import { PubSubEventBus } from '../events/event-bus.js';
import type { DirectMessage, User } from './models.js';
import { FRESH_MESSAGE_STATE } from './models.js';
import { Topic, type EventBus } from './ports/events.port.js';
import { DirectSendFollower } from './typing-direct-sends.js';

const ADA: User = { id: '1', name: 'ada', protected: false };
const BOB: User = { id: '2', name: 'bob', protected: false };
const message = (from: User, to: User, id: string): DirectMessage => ({
  id,
  from,
  to,
  body: 'hi',
  createdAt: '2025-03-01T12:00:00.000Z',
  clientId: null,
  ...FRESH_MESSAGE_STATE,
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The in-process bus, counting the subscriptions open on each scope. */
function countingBus() {
  const bus = new PubSubEventBus(new PubSub());
  const open = new Map<string, number>();
  const counting: EventBus = {
    publish: (topic, payload, scope) => bus.publish(topic, payload, scope),
    async subscribe(topic, scope) {
      const stream = await bus.subscribe(topic, scope);
      const key = `${topic}:${scope}`;
      open.set(key, (open.get(key) ?? 0) + 1);
      const inner = stream.return?.bind(stream);
      stream.return = async () => {
        open.set(key, open.get(key)! - 1);
        return inner ? inner() : { value: undefined, done: true };
      };
      return stream;
    },
    close: () => bus.close(),
  };
  return { bus: counting, open: (scope: string) => open.get(`${Topic.DirectMessageAdded}:${scope}`) ?? 0 };
}

describe('DirectSendFollower', () => {
  it('should hear the direct messages the followed user sends, not those sent to them, and one subscription per user', async () => {
    const { bus, open } = countingBus();
    const sent: string[] = [];
    const follower = new DirectSendFollower(
      bus,
      (m) => sent.push(m.id),
      () => {},
    );
    follower.follow(ADA.id);
    follower.follow(ADA.id);
    await settle();
    expect(open(ADA.id)).toBe(1);
    await bus.publish(Topic.DirectMessageAdded, message(BOB, ADA, '10'), ADA.id);
    await bus.publish(Topic.DirectMessageAdded, message(ADA, BOB, '11'), ADA.id);
    await settle();
    expect(sent).toEqual(['11']);
    await follower.close();
  });

  it('should let the subscription go with the last typing that needed it, even before it was confirmed', async () => {
    const { bus, open } = countingBus();
    const follower = new DirectSendFollower(
      bus,
      () => {},
      () => {},
    );
    follower.follow(ADA.id);
    follower.follow(ADA.id);
    follower.unfollow(ADA.id);
    await settle();
    expect([follower.size, open(ADA.id)]).toEqual([1, 1]);
    follower.unfollow(ADA.id);
    follower.follow(BOB.id);
    follower.unfollow(BOB.id);
    await settle();
    expect([follower.size, open(ADA.id), open(BOB.id)]).toEqual([0, 0, 0]);
  });
});
