import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, postGraphQL } from '../support/http-client.js';
import { EDIT_DIRECT, EDIT_MESSAGE, REACT, REACT_DIRECT, SEND_DIRECT_TRACKED, SEND_TRACKED } from '../support/message-change-operations.js';
import { CHANNELS } from '../support/operations.js';

// Four actions at once, and the next one in about three hours.
const chat = useChatServer({ env: { SEND_BURST: '4', SEND_RATE_PER_SECOND: '0.0001' }, users: { ada: 'Ada', bob: 'Bob' } });

describe('rate limits on changes', () => {
  it('should count edits and reactions in channels and direct messages against the allowance of sends', async () => {
    const as = { token: chat.users.ada.token };
    const call = (query: string, variables: Record<string, unknown>) => postGraphQL(chat.server.httpUrl, query, variables, as);
    const channelId = (await call(CHANNELS, {})).data.channels[0].id;
    const sent = (await call(SEND_TRACKED, { channelId, body: 'one' })).data.sendMessage;
    expect((await call(EDIT_MESSAGE, { channelId, id: sent.id, body: 'two' })).errors).toBeUndefined();
    expect((await call(REACT, { channelId, messageId: sent.id, emoji: '👍', on: true })).errors).toBeUndefined();
    const direct = (await call(SEND_DIRECT_TRACKED, { to: 'Bob', body: 'hi' })).data.sendDirectMessage;
    // The allowance of four is spent: each kind of change is refused now.
    for (const refused of [
      await call(EDIT_MESSAGE, { channelId, id: sent.id, body: 'three' }),
      await call(REACT, { channelId, messageId: sent.id, emoji: '🎉', on: true }),
      await call(EDIT_DIRECT, { id: direct.id, body: 'hello' }),
      await call(REACT_DIRECT, { id: direct.id, emoji: '🎉', on: true }),
      await call(SEND_TRACKED, { channelId, body: 'four' }),
    ]) {
      expect(errorCode(refused)).toBe('RATE_LIMITED');
      expect(refused.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
    }
    // Another user's allowance is their own.
    const bobs = await postGraphQL(
      chat.server.httpUrl,
      REACT,
      { channelId, messageId: sent.id, emoji: '🎉', on: true },
      { token: chat.users.bob.token },
    );
    expect(bobs.errors).toBeUndefined();
  });
});
