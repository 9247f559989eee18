import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, postGraphQL, type SignedIn } from '../support/http-client.js';
import {
  DELETE_DIRECT,
  DIRECT_HISTORY,
  DIRECT_UPDATED,
  EDIT_DIRECT,
  REACT_DIRECT,
  SEND_DIRECT_TRACKED,
} from '../support/message-change-operations.js';

const chat = useChatServer({ users: { ada: 'Ada', bob: 'Bob', cy: 'Cy' } });

const call = (query: string, variables: Record<string, unknown>, as: SignedIn) =>
  postGraphQL(chat.server.httpUrl, query, variables, { token: as.token });
async function sendDirect(from: SignedIn, to: string, body: string) {
  const response = await call(SEND_DIRECT_TRACKED, { to, body }, from);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.sendDirectMessage;
}
const user = (key: 'ada' | 'bob' | 'cy') => ({ id: chat.users[key].user.id, name: chat.users[key].user.name });

describe('changing direct messages', () => {
  it('should let the sender edit and delete, either user react, and deliver each new state to both users only', async () => {
    const { ada, bob, cy } = chat.users;
    const sockets = [chat.open(ada.token), chat.open(bob.token), chat.open(cy.token)];
    const [toAda, toBob, toCy] = sockets.map((socket) => socket.subscribe(DIRECT_UPDATED));
    await Promise.all(sockets.map((socket) => socket.flush()));

    const sent = await sendDirect(ada, 'Bob', 'hi bob');
    expect(sent).toMatchObject({ version: 1, deleted: false, editedAt: null, reactions: [] });
    const edited = (await call(EDIT_DIRECT, { id: sent.id, body: 'hi Bob!' }, ada)).data.editDirectMessage;
    expect(edited).toEqual({ ...sent, body: 'hi Bob!', editedAt: expect.any(String), version: 2 });
    const reacted = (await call(REACT_DIRECT, { id: sent.id, emoji: '❤️', on: true }, bob)).data.reactToDirectMessage;
    expect(reacted).toMatchObject({ version: 3, reactions: [{ emoji: '❤️', users: [user('bob')] }] });
    const both = (await call(REACT_DIRECT, { id: sent.id, emoji: '❤️', on: true }, ada)).data.reactToDirectMessage;
    expect(both.reactions).toEqual([{ emoji: '❤️', users: [user('bob'), user('ada')] }]);
    expect((await call(REACT_DIRECT, { id: sent.id, emoji: '❤️', on: true }, ada)).data.reactToDirectMessage).toEqual(both);
    const deleted = (await call(DELETE_DIRECT, { id: sent.id }, ada)).data.deleteDirectMessage;
    expect(deleted).toEqual({ ...both, body: '', deleted: true, reactions: [], version: 5 });
    expect((await call(DELETE_DIRECT, { id: sent.id }, ada)).data.deleteDirectMessage).toEqual(deleted);

    for (const stream of [toAda!, toBob!])
      for (const change of [edited, reacted, both, deleted]) expect((await stream.next()).data!.directMessageUpdated).toEqual(change);
    // Cy's first update is one of a conversation of Cy's own.
    const sentinel = await sendDirect(bob, 'Cy', 'sentinel');
    const sentinelChange = (await call(EDIT_DIRECT, { id: sentinel.id, body: 'sentinel!' }, bob)).data.editDirectMessage;
    expect((await toCy!.next()).data!.directMessageUpdated).toEqual(sentinelChange);
    expect((await call(DIRECT_HISTORY, { with: 'Ada' }, bob)).data.directMessages).toEqual([deleted]);
  });

  it('should refuse the recipient an edit or deletion with FORBIDDEN, and answer a third user NOT_FOUND as if it did not exist', async () => {
    const { ada, bob, cy } = chat.users;
    const sent = await sendDirect(ada, 'Bob', 'between us');
    expect(errorCode(await call(EDIT_DIRECT, { id: sent.id, body: 'mine' }, bob))).toBe('FORBIDDEN');
    expect(errorCode(await call(DELETE_DIRECT, { id: sent.id }, bob))).toBe('FORBIDDEN');
    const unknown = await call(EDIT_DIRECT, { id: '999999', body: 'x' }, cy);
    for (const attempt of [
      await call(EDIT_DIRECT, { id: sent.id, body: 'x' }, cy),
      await call(DELETE_DIRECT, { id: sent.id }, cy),
      await call(REACT_DIRECT, { id: sent.id, emoji: '👍', on: true }, cy),
    ]) {
      expect(errorCode(attempt)).toBe('NOT_FOUND');
      expect(attempt.errors![0]!.message).toBe(unknown.errors![0]!.message);
    }
    expect((await call(DIRECT_HISTORY, { with: 'Bob' }, ada)).data.directMessages.at(-1)).toEqual(sent);
  });

  it('should refuse what is not one emoji, and a reaction to a deleted message, with BAD_USER_INPUT', async () => {
    const { ada, bob } = chat.users;
    const sent = await sendDirect(ada, 'Bob', 'react');
    expect(errorCode(await call(REACT_DIRECT, { id: sent.id, emoji: 'ok', on: true }, bob))).toBe('BAD_USER_INPUT');
    await call(DELETE_DIRECT, { id: sent.id }, ada);
    expect(errorCode(await call(REACT_DIRECT, { id: sent.id, emoji: '👍', on: true }, bob))).toBe('BAD_USER_INPUT');
    expect(errorCode(await call(EDIT_DIRECT, { id: sent.id, body: 'back' }, ada))).toBe('BAD_USER_INPUT');
  });

  it('should keep the version when the same body is sent again', async () => {
    const sent = await sendDirect(chat.users.ada, 'Cy', 'same');
    expect((await call(EDIT_DIRECT, { id: sent.id, body: ' same ' }, chat.users.ada)).data.editDirectMessage).toEqual(sent);
  });
});
