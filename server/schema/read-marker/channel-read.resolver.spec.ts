import { execute, parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { domainFixture, HOME } from '../../domain/testing/domain-fixture.js';
import { SearchService } from '../../domain/search.service.js';
import type { Services } from '../../domain/services.js';
import { TypingService } from '../../domain/typing.service.js';
import { LocalPresenceTracker } from '../../events/local-presence.js';
import { buildChatSchema } from '../build-schema.js';
import type { GraphQLContext } from '../context.js';

describe('Channel counts', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildChatSchema();
  });

  async function setUp(channelCount: number) {
    const fixture = domainFixture();
    const ada = await fixture.signIn('ada');
    const bob = await fixture.signIn('bob');
    const services: Services = {
      ...fixture,
      presence: new LocalPresenceTracker(fixture.bus),
      typing: new TypingService(
        fixture.store,
        fixture.bus,
        fixture.channels,
        { lapseMs: 5_000, perUser: fixture.limits.typingPerUser },
        fixture.clock.now,
      ),
      search: new SearchService(fixture.store, fixture.channels),
    };
    for (let i = 1; i < channelCount; i++)
      await fixture.store.createChannel({ name: `c${i}`, nameKey: `c${i}`, skeleton: `c${i}`, now: fixture.clock.now() });
    const contextOf = (session: typeof ada): GraphQLContext => ({ services, session, client: HOME, setSessionCookie: () => {} });
    return { ...fixture, ada, bob, contextOf };
  }

  it("should load the signed-in user's counts of all the channels of an answer with one store call", async () => {
    const { store, ada, contextOf } = await setUp(500);
    const load = vi.spyOn(store, 'channelReadStates');
    const result = await execute({
      schema,
      document: parse('{ channels { id lastReadId unreadCount mentionCount } }'),
      contextValue: contextOf(ada),
    });
    expect(result.errors).toBeUndefined();
    expect((result.data?.channels as unknown[]).length).toBe(500);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0]![1]).toHaveLength(500);
  });

  it('should answer each user their own counts', async () => {
    const { messages, ada, bob, contextOf, channels } = await setUp(1);
    const general = (await channels.list())[0]!;
    await messages.send(bob.user, { channelId: general.id, body: 'hi @ada' }, HOME);
    const countsOf = async (session: typeof ada) =>
      (await execute({ schema, document: parse('{ channels { unreadCount mentionCount } }'), contextValue: contextOf(session) })).data;
    expect(await countsOf(ada)).toEqual({ channels: [{ unreadCount: 1, mentionCount: 1 }] });
    expect(await countsOf(bob)).toEqual({ channels: [{ unreadCount: 0, mentionCount: 0 }] });
  });
});
