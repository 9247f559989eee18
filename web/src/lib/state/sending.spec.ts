import type { Client } from '@urql/svelte';
import { describe, expect, it } from 'vitest';
import { channelKey } from '../chat/conversation-key.js';
import type { Target } from '../chat/target.js';
import { FakeClient, type Answer } from '../testing/fake-client.js';
import { Conversations } from './conversations.svelte.js';
import { Sending } from './sending.js';

const ada = { id: '1', name: 'Ada' };
const key = channelKey('1');
const target: Target = { kind: 'channel', key, channelId: '1' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const codeError = (code: string, message: string) => ({ error: { graphQLErrors: [{ message, extensions: { code } }] } });

/** A server that stores each clientId once, as the real one does, unless `refuse` answers instead. */
function setUp(refuse: (variables: Record<string, unknown>) => Answer | null = () => null) {
  const stored = new Map<string, { id: string; body: string }>();
  const client = new FakeClient({
    SendMessage: (v) => {
      const refused = refuse(v);
      if (refused) return refused;
      const clientId = v.clientId as string;
      if (!stored.has(clientId)) stored.set(clientId, { id: String(100 + stored.size), body: v.body as string });
      const { id, body } = stored.get(clientId)!;
      return {
        data: {
          sendMessage: {
            id,
            channelId: '1',
            body,
            clientId,
            createdAt: '2025-03-01T10:00:00.000Z',
            author: ada,
            editedAt: null,
            deleted: false,
            reactions: [],
            mentions: [],
            version: 1,
          },
        },
      };
    },
  });
  let online = true;
  const conversations = new Conversations(ada.id, 100);
  const sending = new Sending(
    ada,
    client as unknown as Client,
    conversations,
    () => target,
    () => {},
    () => online,
  );
  const shown = () => conversations.get(key).messages.map((m) => ({ body: m.body, status: m.status, id: m.id }));
  return { client, sending, conversations, stored, shown, setOnline: (value: boolean) => (online = value) };
}

describe('Sending', () => {
  it('should keep messages written offline waiting, and send them by themselves, in order, once the connection is back', async () => {
    const { client, sending, stored, shown, setOnline } = setUp();
    setOnline(false);
    sending.send(key, 'first');
    sending.send(key, 'second');
    await settle();
    expect(shown()).toEqual([
      { body: 'first', status: 'waiting', id: null },
      { body: 'second', status: 'waiting', id: null },
    ]);
    expect(client.count('SendMessage')).toBe(0);

    setOnline(true);
    sending.resume();
    await settle();
    expect(client.calls.map((c) => c.variables.body)).toEqual(['first', 'second']);
    expect(shown()).toEqual([
      { body: 'first', status: 'sent', id: '100' },
      { body: 'second', status: 'sent', id: '101' },
    ]);
    expect(stored.size).toBe(2);
  });

  it('should wait again when the server is not reached because the connection went, and resend with the same clientId', async () => {
    let reachable = false;
    const { client, sending, shown, setOnline } = setUp(() => {
      if (reachable) return null;
      setOnline(false);
      return { error: { networkError: new TypeError('Failed to fetch') } };
    });
    sending.send(key, 'hello');
    await settle();
    expect(shown()).toEqual([{ body: 'hello', status: 'waiting', id: null }]);
    reachable = true;
    setOnline(true);
    sending.resume();
    await settle();
    expect(shown()).toEqual([{ body: 'hello', status: 'sent', id: '100' }]);
    const [first, second] = client.calls;
    expect(second!.variables.clientId).toBe(first!.variables.clientId);
  });

  it('should send again by itself, once the connection is back, a message that could not reach the server while it seemed up', async () => {
    let reachable = false;
    const { sending, shown, stored } = setUp(() => (reachable ? null : { error: { networkError: new TypeError('Failed to fetch') } }));
    sending.send(key, 'hello');
    await settle();
    expect(shown()).toEqual([{ body: 'hello', status: 'failed', id: null }]);
    reachable = true;
    sending.resume();
    await settle();
    expect(shown()).toEqual([{ body: 'hello', status: 'sent', id: '100' }]);
    expect(stored.size).toBe(1);
  });

  it('should offer a retry over the rate limit, and none for a refusal that a retry does not change', async () => {
    const refusals: Record<string, ReturnType<typeof codeError>> = {
      limited: codeError('RATE_LIMITED', 'Slow down.'),
      gone: codeError('NOT_FOUND', 'There is no such channel.'),
      long: codeError('BAD_USER_INPUT', 'A message has at most 4000 characters.'),
      theirs: codeError('FORBIDDEN', 'Not yours.'),
    };
    const { client, sending, conversations } = setUp((v) => refusals[v.body as string]!);
    for (const body of Object.keys(refusals)) sending.send(key, body);
    await settle();
    await settle();
    const failures = conversations.get(key).messages.map((m) => [m.body, m.status, m.retryable, m.error]);
    expect(failures).toEqual([
      ['limited', 'failed', true, 'Slow down.'],
      ['gone', 'failed', false, 'There is no such channel.'],
      ['long', 'failed', false, 'A message has at most 4000 characters.'],
      ['theirs', 'failed', false, 'Not yours.'],
    ]);
    const gone = conversations.get(key).messages[1]!;
    sending.retry(key, gone.clientId!);
    await settle();
    expect(client.count('SendMessage')).toBe(4);
    sending.retry(key, conversations.get(key).messages[0]!.clientId!);
    await settle();
    expect(client.count('SendMessage')).toBe(5);
  });
});
