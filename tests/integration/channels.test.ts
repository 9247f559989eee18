import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, postGraphQL } from '../support/http-client.js';
import { CHANNEL, CHANNEL_ADDED, CHANNELS, CREATE_CHANNEL } from '../support/operations.js';

// These tests create more channels per user than a person would in an hour.
const chat = useChatServer({ env: { USER_CHANNEL_BURST: '1000' }, users: { ada: 'Ada', bob: 'Bob' } });

const create = (name: unknown, token = chat.users.ada.token) => postGraphQL(chat.server.httpUrl, CREATE_CHANNEL, { name }, { token });

describe('channels', () => {
  it('should have a general channel on a fresh install', async () => {
    const response = await postGraphQL(chat.server.httpUrl, CHANNELS, {}, { token: chat.users.ada.token });
    expect(response.data.channels).toEqual([{ id: expect.any(String), name: 'general', createdAt: expect.any(String) }]);
    expect(new Date(response.data.channels[0].createdAt).toISOString()).toBe(response.data.channels[0].createdAt);
  });

  it('should need a session to list, read or create channels', async () => {
    expect(errorCode(await postGraphQL(chat.server.httpUrl, CHANNELS))).toBe('UNAUTHENTICATED');
    expect(errorCode(await postGraphQL(chat.server.httpUrl, CHANNEL, { id: '1' }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await postGraphQL(chat.server.httpUrl, CREATE_CHANNEL, { name: 'sneaky' }))).toBe('UNAUTHENTICATED');
  });

  it('should create a channel with a trimmed name and list it', async () => {
    const created = await create('  design   reviews ');
    expect(created.errors).toBeUndefined();
    expect(created.data.createChannel.name).toBe('design reviews');
    const listed = await postGraphQL(chat.server.httpUrl, CHANNELS, {}, { token: chat.users.bob.token });
    expect(listed.data.channels.map((channel: { name: string }) => channel.name)).toContain('design reviews');
    const one = await postGraphQL(chat.server.httpUrl, CHANNEL, { id: created.data.createChannel.id }, { token: chat.users.bob.token });
    expect(one.data.channel).toEqual({ id: created.data.createChannel.id, name: 'design reviews', messages: [] });
  });

  it('should refuse a name that exists, compared case-insensitively', async () => {
    expect((await create('Random')).errors).toBeUndefined();
    for (const name of ['random', 'RANDOM', ' Random ']) {
      const again = await create(name, chat.users.bob.token);
      expect(errorCode(again)).toBe('CHANNEL_EXISTS');
      expect(again.errors![0]!.message).toMatch(/exists already/);
    }
    expect(errorCode(await create('GENERAL'))).toBe('CHANNEL_EXISTS');
    expect(errorCode(await create('ÉQUIPE'))).toBeUndefined();
    expect(errorCode(await create('équipe'))).toBe('CHANNEL_EXISTS');
  });

  it('should accept names of 1 to 50 characters, Unicode counted by characters', async () => {
    expect((await create('x')).errors).toBeUndefined();
    expect((await create('n'.repeat(50))).errors).toBeUndefined();
    expect((await create('🎉'.repeat(50))).errors).toBeUndefined();
  });

  it('should refuse empty, over-long and control-character names with BAD_USER_INPUT', async () => {
    const before = (await postGraphQL(chat.server.httpUrl, CHANNELS, {}, { token: chat.users.ada.token })).data.channels.length;
    for (const name of [
      '',
      '   ',
      'n'.repeat(51),
      '🎉'.repeat(51),
      'bell\u0007',
      'two\nlines',
      'two\n\nlines',
      'tab\there',
      'tabs\t\there',
      'rtl\u202Eoverride',
    ]) {
      const response = await create(name);
      expect(errorCode(response), JSON.stringify(name)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.message).toMatch(/channel name/i);
      expect(response.errors![0]!.extensions!.field).toBe('name');
    }
    const after = (await postGraphQL(chat.server.httpUrl, CHANNELS, {}, { token: chat.users.ada.token })).data.channels.length;
    expect(after).toBe(before);
  });

  it('should answer null for an unknown channel id and BAD_USER_INPUT for a malformed one', async () => {
    expect((await postGraphQL(chat.server.httpUrl, CHANNEL, { id: '999999' }, { token: chat.users.ada.token })).data).toEqual({
      channel: null,
    });
    expect(errorCode(await postGraphQL(chat.server.httpUrl, CHANNEL, { id: 'abc' }, { token: chat.users.ada.token }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('should announce a new channel live to every connected client', async () => {
    const watchers = [chat.open(chat.users.ada.token), chat.open(chat.users.bob.token)];
    const streams = watchers.map((socket) => socket.subscribe(CHANNEL_ADDED));
    await Promise.all(watchers.map((socket) => socket.flush()));
    const created = await create('announcements', chat.users.bob.token);
    for (const stream of streams) {
      expect(await stream.next()).toEqual({ data: { channelAdded: { id: created.data.createChannel.id, name: 'announcements' } } });
    }
    expect(errorCode(await create('Announcements'))).toBe('CHANNEL_EXISTS');
    // The refused creation announced nothing: the next announcement is the next channel created.
    const sentinel = await create('after the announcements', chat.users.bob.token);
    for (const stream of streams) {
      expect(await stream.next()).toEqual({
        data: { channelAdded: { id: sentinel.data.createChannel.id, name: 'after the announcements' } },
      });
    }
  });

  it('should create channels over WebSocket too', async () => {
    const socket = chat.open(chat.users.ada.token);
    const result = await socket.execute(CREATE_CHANNEL, { name: 'over-ws' });
    expect(result.data.createChannel.name).toBe('over-ws');
    expect((await socket.execute(CREATE_CHANNEL, { name: 'OVER-WS' })).errors?.[0]?.extensions?.code).toBe('CHANNEL_EXISTS');
  });
});
