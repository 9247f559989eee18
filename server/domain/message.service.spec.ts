import { PubSub } from 'graphql-subscriptions';
import { describe, expect, it } from 'vitest';
import { PubSubEventBus } from '../events/event-bus.js';
import type { AddMessageInput, Store } from '../store/store.js';
import { ChannelService } from './channel.service.js';
import { ImmediateDelivery } from './event-outbox.js';
import { MessageService } from './message.service.js';
import type { Channel, Message } from './models.js';
import { RateLimiter } from './rate-limiter.js';

/** Just the part of a store that sending needs: channels to find, and messages numbered per channel and announced. */
function channelStore(channels: readonly Channel[]): Store {
  const counts = new Map<string, number>();
  const store: Partial<Store> = {
    findChannel: async (id) => channels.find((channel) => channel.id === id) ?? null,
    addMessage: async (input: AddMessageInput) => {
      const next = (counts.get(input.channelId) ?? 0) + 1;
      counts.set(input.channelId, next);
      const message: Message = {
        id: String(next),
        channelId: input.channelId,
        author: { id: input.authorId, name: 'Ada', protected: false },
        body: input.body,
        createdAt: input.now.toISOString(),
        clientId: input.clientId,
      };
      await input.announce?.(message, null);
      return { message, created: true };
    },
  };
  return store as Store;
}

function setUp() {
  const channels = [
    { id: '1', name: 'general', createdAt: '2025-03-01T10:00:00.000Z' },
    { id: '2', name: 'random', createdAt: '2025-03-01T10:00:00.000Z' },
  ];
  const store = channelStore(channels);
  const bus = new PubSubEventBus(new PubSub());
  const clock = () => new Date('2025-03-01T12:00:00.000Z');
  const unlimited = () => new RateLimiter({ ratePerSecond: 0, burst: 0 });
  const limits = { perUser: unlimited(), perAddress: unlimited() };
  const messages = new MessageService(store, bus, new ImmediateDelivery(bus), new ChannelService(store, bus, limits, clock), limits, { messageLimit: 100 }, clock);
  return { messages };
}

const ada = { id: '7', name: 'Ada', protected: false };
const client = { address: '127.0.0.1' };
const next = async (stream: AsyncIterator<Message>) => (await stream.next()).value as Message;

describe('MessageService.activity', () => {
  it('should give a subscriber the new messages of every channel, in the order they were sent', async () => {
    const { messages } = setUp();
    const activity = await messages.activity();
    await messages.send(ada, { channelId: '1', body: 'in general' }, client);
    await messages.send(ada, { channelId: '2', body: 'in random' }, client);
    await messages.send(ada, { channelId: '1', body: 'general again' }, client);
    expect([await next(activity), await next(activity), await next(activity)].map((m) => [m.channelId, m.body])).toEqual([
      ['1', 'in general'],
      ['2', 'in random'],
      ['1', 'general again'],
    ]);
    await activity.return?.();
  });

  it('should hand the same message to the channel subscribers and to the activity subscribers', async () => {
    const { messages } = setUp();
    const activity = await messages.activity();
    const general = await messages.subscribe('1', undefined);
    const sent = await messages.send(ada, { channelId: '1', body: 'both' }, client);
    expect(await next(general)).toEqual(sent);
    expect(await next(activity)).toEqual(sent);
    await Promise.all([activity.return?.(), general.return?.()]);
  });
});
