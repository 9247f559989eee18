import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL } from '../support/http-client.js';
import { ONLINE_USERS, PRESENCE_CHANGED } from '../support/operations.js';
import { waitFor } from '../support/wait.js';

const chat = useChatServer({ users: { ada: 'Ada', bob: 'Bob', cy: 'Cy' } });

const onlineNames = async () => {
  const response = await postGraphQL(chat.server.httpUrl, ONLINE_USERS, {}, { token: chat.users.cy.token });
  return (response.data.onlineUsers as { name: string; online: boolean }[]).map((user) => `${user.name}:${user.online}`);
};

describe('presence', () => {
  it('should follow a user online and offline as their sockets open and close, second tab included', async () => {
    const watcher = chat.open(chat.users.bob.token);
    const changes = watcher.subscribe(PRESENCE_CHANGED);
    await watcher.flush();
    expect(await onlineNames()).toEqual(['Bob:true']);

    const firstTab = chat.open(chat.users.ada.token);
    await firstTab.ready;
    expect((await changes.next()).data).toEqual({ presenceChanged: { id: chat.users.ada.user.id, name: 'Ada', online: true } });
    expect(await onlineNames()).toEqual(['Ada:true', 'Bob:true']);

    // Each silence is shown by Cy, whose coming and going must be the next change announced.
    const secondTab = chat.open({ headers: { cookie: chat.users.ada.cookie } });
    await secondTab.ready;
    const sentinel = chat.open(chat.users.cy.token);
    await sentinel.ready;
    expect((await changes.next()).data).toEqual({ presenceChanged: { id: chat.users.cy.user.id, name: 'Cy', online: true } });

    await firstTab.dispose();
    await firstTab.closed;
    await sentinel.dispose();
    expect((await changes.next()).data).toEqual({ presenceChanged: { id: chat.users.cy.user.id, name: 'Cy', online: false } });
    expect(await onlineNames()).toEqual(['Ada:true', 'Bob:true']);

    await secondTab.dispose();
    expect((await changes.next()).data).toEqual({ presenceChanged: { id: chat.users.ada.user.id, name: 'Ada', online: false } });
    expect(await onlineNames()).toEqual(['Bob:true']);
  });

  it('should tell two watchers about every transition', async () => {
    const watchers = [chat.open(chat.users.bob.token), chat.open(chat.users.ada.token)];
    const streams = watchers.map((socket) => socket.subscribe(PRESENCE_CHANGED));
    await Promise.all(watchers.map((socket) => socket.flush()));

    const cySocket = chat.open(chat.users.cy.token);
    await cySocket.ready;
    await cySocket.dispose();
    for (const stream of streams) {
      expect((await stream.next()).data.presenceChanged).toEqual({ id: chat.users.cy.user.id, name: 'Cy', online: true });
      expect((await stream.next()).data.presenceChanged).toEqual({ id: chat.users.cy.user.id, name: 'Cy', online: false });
    }
  });

  it('should take a user offline when logout closes their last socket', async () => {
    const dee = await login(chat.server.httpUrl, 'Dee');
    const deeSocket = chat.open(dee.token);
    await deeSocket.ready;
    await waitFor(async () => (await onlineNames()).includes('Dee:true'), 'Dee online');
    await postGraphQL(chat.server.httpUrl, `mutation { logout }`, {}, { token: dee.token });
    expect((await deeSocket.closed).code).toBe(4401);
    await waitFor(async () => !(await onlineNames()).some((entry) => entry.startsWith('Dee')), 'Dee offline');
  });

  it('should take a user offline when their connection drops without a close handshake', async () => {
    const hal = await login(chat.server.httpUrl, 'Hal');
    const watcher = chat.open(chat.users.bob.token);
    const changes = watcher.subscribe(PRESENCE_CHANGED);
    await watcher.flush();
    const raw = new WebSocket(chat.server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authToken: hal.token } }));
    await new Promise((resolve) => raw.once('message', resolve));
    expect((await changes.next()).data.presenceChanged).toEqual({ id: hal.user.id, name: 'Hal', online: true });
    raw.terminate();
    expect((await changes.next()).data.presenceChanged).toEqual({ id: hal.user.id, name: 'Hal', online: false });
    expect(await onlineNames()).not.toContain('Hal:true');
  });

  it('should not count a refused connection', async () => {
    const gil = await login(chat.server.httpUrl, 'Gil');
    const refused = chat.open({ headers: { cookie: gil.cookie, origin: 'https://evil.example' } });
    expect((await refused.closed).code).toBe(4403);
    expect((await onlineNames()).filter((entry) => entry.startsWith('Gil'))).toEqual([]);
  });

  it('should need a session to ask who is online or to watch presence', async () => {
    expect(errorCode(await postGraphQL(chat.server.httpUrl, ONLINE_USERS))).toBe('UNAUTHENTICATED');
    const anonymous = chat.open();
    expect((await anonymous.subscribe(PRESENCE_CHANGED).next()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
