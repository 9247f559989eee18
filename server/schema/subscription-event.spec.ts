import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildChatSchema } from './build-schema.js';
import { subscriptionEvent } from './subscription-event.js';

const message = {
  id: '5',
  channelId: '1',
  body: 'hello @ada',
  clientId: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: null,
  deleted: false,
  version: 1,
  author: { id: '1', name: 'bob', protected: false },
  reactions: [],
  mentions: [{ id: '2', name: 'ada', protected: false }],
};

describe('subscription fields', () => {
  it('should all resolve to their event', async () => {
    const fields = Object.values((await buildChatSchema()).getSubscriptionType()!.getFields());
    expect(fields.length).toBeGreaterThan(5);
    for (const field of fields) expect(field.resolve).toBe(subscriptionEvent);
  });

  it('should execute an event without a promise, so that the fan-out writes it within the publisher’s call', async () => {
    const schema = await buildChatSchema();
    const document = parse(
      'subscription { messageAdded(channelId: "1", after: "2") { id body createdAt version author { id name protected } mentions { name } } }',
    );
    const result = execute({ schema, document, rootValue: message, contextValue: {} });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({
      data: {
        messageAdded: {
          id: '5',
          body: 'hello @ada',
          createdAt: '2026-12-01T10:00:00.000Z',
          version: 1,
          author: { id: '1', name: 'bob', protected: false },
          mentions: [{ name: 'ada' }],
        },
      },
    });
  });

  it('should still refuse a subscription without an event (one sent over HTTP)', async () => {
    const schema = await buildChatSchema();
    const result = await execute({ schema, document: parse('subscription { channelAdded { id } }'), contextValue: {} });
    expect(result.errors?.[0]?.message).toContain('Subscriptions run over WebSocket');
  });
});
