import type { Client } from '@urql/svelte';
import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from '../chat/conversation-key.js';
import { ChatState } from './chat.svelte.js';

type Answer = { data?: unknown; error?: unknown };
type Handler = (variables: Record<string, unknown>) => Answer | Promise<Answer>;

interface FakeSubscription {
  readonly name: string;
  readonly variables: Record<string, unknown>;
  closed: boolean;
  push(data: unknown): void;
  emit(result: { data?: unknown; error?: unknown }): void;
}

const operationName = (document: { definitions: readonly { kind: string; name?: { value: string } }[] }) =>
  document.definitions.find((d) => d.kind === 'OperationDefinition')!.name!.value;

/** Stands in for urql's client: answers operations by name and records subscriptions. */
class FakeClient {
  readonly calls: { name: string; variables: Record<string, unknown> }[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  constructor(private readonly handlers: Record<string, Handler>) {}

  private run(document: never, variables: Record<string, unknown>) {
    const name = operationName(document);
    this.calls.push({ name, variables });
    return { toPromise: async () => (await (this.handlers[name] ?? (() => ({ data: null })))(variables)) };
  }
  query = (document: never, variables: Record<string, unknown>) => this.run(document, variables);
  mutation = (document: never, variables: Record<string, unknown>) => this.run(document, variables);
  subscription = (document: never, variables: Record<string, unknown>) => ({
    subscribe: (callback: (result: { data?: unknown; error?: unknown }) => void) => {
      const subscription: FakeSubscription = {
        name: operationName(document),
        variables,
        closed: false,
        push: (data) => callback({ data }),
        emit: (result) => callback(result),
      };
      this.subscriptions.push(subscription);
      return { unsubscribe: () => void (subscription.closed = true) };
    },
  });

  live(name: string, where: (variables: Record<string, unknown>) => boolean = () => true): FakeSubscription {
    const found = this.subscriptions.filter((s) => !s.closed && s.name === name && where(s.variables));
    if (found.length !== 1) throw new Error(`expected one live ${name}, found ${found.length}`);
    return found[0]!;
  }
}

const ada = { id: '1', name: 'Ada' };
const bob = { id: '2', name: 'Bob' };
const message = (id: string, channelId: string, author = bob, extra: Record<string, unknown> = {}) => ({
  id,
  channelId,
  body: `message ${id}`,
  clientId: null,
  createdAt: '2025-03-01T10:00:00.000Z',
  author,
  ...extra,
});
const direct = (id: string, from = bob, to = ada) => ({ id, body: `dm ${id}`, clientId: null, createdAt: '2025-03-01T10:00:00.000Z', from, to });

function setUp(overrides: Record<string, Handler> = {}, onSessionEnded?: () => void) {
  const client = new FakeClient({
    Channels: () => ({
      data: {
        channels: [
          { id: '1', name: 'general', messages: [{ id: '41' }] },
          { id: '2', name: 'empty', messages: [] },
        ],
      },
    }),
    OnlineUsers: () => ({ data: { onlineUsers: [{ ...ada, online: true }] } }),
    Conversations: () => ({ data: { conversations: [{ ...bob, online: false }] } }),
    DirectMessages: (v) => ({ data: { directMessages: v.last === 1 ? [direct('7')] : [direct('6'), direct('7')] } }),
    ChannelHistory: (v) => ({ data: { channel: { id: v.id, name: 'general', messages: [message('40', '1'), message('41', '1')] } } }),
    ...overrides,
  });
  const chat = new ChatState(ada, client as unknown as Client, onSessionEnded);
  return { client, chat };
}

describe('ChatState', () => {
  it('should subscribe to each channel from its newest message and to direct messages from the newest one', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    expect(client.live('MessageAdded', (v) => v.channelId === '1').variables.after).toBe('41');
    expect(client.live('MessageAdded', (v) => v.channelId === '2').variables.after).toBe('0');
    expect(client.live('DirectMessageAdded').variables.after).toBe('7');
    expect(chat.channels.map((c) => c.name)).toEqual(['empty', 'general']);
    // Offline partners stay listed; oneself is not.
    expect(chat.people).toEqual([{ ...bob, online: false, protected: false }]);
  });

  it('should resubscribe after a dropped connection from the newest message it holds', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    client.live('MessageAdded', (v) => v.channelId === '1').push({ messageAdded: message('42', '1') });
    client.live('MessageAdded', (v) => v.channelId === '1').push({ messageAdded: message('43', '1') });
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('9') });
    chat.disconnected();
    expect(chat.status).toBe('reconnecting');
    expect(client.subscriptions.every((s) => s.closed)).toBe(true);

    await chat.connected();
    expect(chat.status).toBe('online');
    expect(client.live('MessageAdded', (v) => v.channelId === '1').variables.after).toBe('43');
    expect(client.live('MessageAdded', (v) => v.channelId === '2').variables.after).toBe('0');
    expect(client.live('DirectMessageAdded').variables.after).toBe('9');
  });

  it('should count unread messages from others in conversations that are not open, and clear them on opening', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    chat.open(channelKey('2'));
    const general = client.live('MessageAdded', (v) => v.channelId === '1');
    general.push({ messageAdded: message('42', '1') });
    general.push({ messageAdded: message('42', '1') }); // a replayed duplicate counts once
    general.push({ messageAdded: message('43', '1', ada) }); // one's own does not count
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('8') });
    expect(chat.unread(channelKey('1'))).toBe(1);
    expect(chat.unread(dmKey('Bob'))).toBe(1);

    client.live('MessageAdded', (v) => v.channelId === '2').push({ messageAdded: message('1', '2') });
    expect(chat.unread(channelKey('2'))).toBe(0);

    chat.open(channelKey('1'));
    expect(chat.unread(channelKey('1'))).toBe(0);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chat.conversation(channelKey('1')).messages.map((m) => m.id)).toEqual(['40', '41', '42', '43']);
  });

  it('should show a sent message at once, mark it failed, and retry it with the same clientId', async () => {
    let fail = true;
    const { client, chat } = setUp({
      SendMessage: (v) =>
        fail
          ? { error: { networkError: new TypeError('Failed to fetch') } }
          : { data: { sendMessage: message('50', '1', ada, { body: v.body, clientId: v.clientId }) } },
    });
    await chat.connected();
    const key = channelKey('1');
    chat.open(key);
    chat.send(key, '  hello  ');
    const pending = chat.conversation(key).messages.at(-1)!;
    expect(pending).toMatchObject({ id: null, body: 'hello', status: 'pending', authorName: 'Ada' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chat.conversation(key).messages.at(-1)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Cannot reach the server/) });

    fail = false;
    chat.retry(key, pending.clientId!);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const sends = client.calls.filter((c) => c.name === 'SendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.variables.clientId).toBe(sends[0]!.variables.clientId);
    expect(chat.conversation(key).messages.filter((m) => m.body === 'hello')).toMatchObject([{ id: '50', status: 'sent' }]);

    // The same message arriving over the subscription is not shown twice.
    client.live('MessageAdded', (v) => v.channelId === '1').push({ messageAdded: message('50', '1', ada, { body: 'hello', clientId: pending.clientId }) });
    expect(chat.conversation(key).messages.filter((m) => m.body === 'hello')).toHaveLength(1);
  });

  it('should follow a channel created while connected, from its start', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    client.live('ChannelAdded').push({ channelAdded: { id: '3', name: 'new' } });
    expect(chat.channelName('3')).toBe('new');
    expect(client.live('MessageAdded', (v) => v.channelId === '3').variables.after).toBe('0');
  });
});

describe('ChatState when the server forgets the session', () => {
  it('should stop and ask to sign in again when a subscription is refused as unauthenticated', async () => {
    let ended = 0;
    const { client, chat } = setUp({}, () => ended++);
    await chat.connected();
    client.live('MessageAdded', (v) => v.channelId === '1').emit({ error: { message: 'internal', graphQLErrors: [] } });
    expect(ended).toBe(0);
    client.live('PresenceChanged').emit({ error: { graphQLErrors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect(ended).toBe(1);
    expect(client.subscriptions.every((s) => s.closed)).toBe(true);
  });
});
