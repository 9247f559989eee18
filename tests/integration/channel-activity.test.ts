import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { postGraphQL } from '../support/http-client.js';
import { CHANNEL_ACTIVITY, CREATE_CHANNEL, SEND_MESSAGE } from '../support/operations.js';

const chat = useChatServer({ users: { ada: 'Ada', bob: 'Bob', carol: 'Carol' } });

async function newChannel(name: string): Promise<string> {
  const response = await postGraphQL(chat.server.httpUrl, CREATE_CHANNEL, { name }, { token: chat.users.ada.token });
  return response.data.createChannel.id;
}
async function send(channelId: string, body: string) {
  const response = await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId, body }, { token: chat.users.ada.token });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.sendMessage;
}

describe('channelActivity', () => {
  it('should deliver every new message of every channel, live, to every subscriber, in the order sent', async () => {
    const before = await newChannel('activity before');
    await send(before, 'sent before anyone subscribed');
    const bob = chat.open(chat.users.bob.token);
    const carol = chat.open(chat.users.carol.token);
    const streams = [bob.subscribe(CHANNEL_ACTIVITY), carol.subscribe(CHANNEL_ACTIVITY)];
    await Promise.all([bob.flush(), carol.flush()]);

    // A channel created after the subscription started is covered too.
    const after = await newChannel('activity after');
    const sent = [
      await send('1', 'in general'),
      await send(before, 'in the older channel'),
      await send(after, 'in the new channel'),
      await send('1', 'general again'),
    ];
    // Nothing from before the subscription is replayed, nor anything twice: the next message is the very next one sent.
    const sentinel = await send(before, 'sentinel');
    for (const stream of streams) {
      const received = [];
      for (let n = 0; n < sent.length; n++) received.push((await stream.next()).data.channelActivity);
      expect(received).toEqual(sent);
      expect((await stream.next()).data.channelActivity).toEqual(sentinel);
    }
  });

  it('should need a session', async () => {
    const socket = chat.open();
    await socket.ready;
    const refused = await socket.subscribe(CHANNEL_ACTIVITY).next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data ?? null).toBeNull();
  });
});
