import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { login } from '../support/http-client.js';
import { CHANNEL_ADDED, CREATE_CHANNEL, ME } from '../support/operations.js';
import { waitFor } from '../support/wait.js';

const chat = useChatServer({
  env: {
    TRUST_PROXY: 'loopback',
    MAX_SOCKETS_PER_USER: '2',
    MAX_SOCKETS_PER_ADDRESS: '3',
    MAX_SUBSCRIPTIONS_PER_USER: '3',
  },
  users: { ada: 'Ada', bob: 'Bob', cy: 'Cy' },
});

/** Sockets from one made-up address each, through the trusted local proxy. */
let nextAddress = 1;
const freshAddress = () => `198.51.100.${nextAddress++}`;
const openFrom = (address: string, authToken?: string) => chat.open({ authToken, headers: { 'x-forwarded-for': address } });

describe('WebSockets per user and per address', () => {
  it('should close a user’s socket over MAX_SOCKETS_PER_USER with 4429, and accept one again once another closed', async () => {
    const sockets = [openFrom(freshAddress(), chat.users.ada.token), openFrom(freshAddress(), chat.users.ada.token)];
    await Promise.all(sockets.map((socket) => socket.ready));
    const third = openFrom(freshAddress(), chat.users.ada.token);
    expect(await third.closed).toEqual({ code: 4429, reason: 'Too many connections' });
    await sockets[0]!.dispose();
    await waitFor(async () => {
      const again = openFrom(freshAddress(), chat.users.ada.token);
      const open = await again.ready.then(
        () => true,
        () => false,
      );
      if (!open) return false;
      expect((await again.execute(ME)).data.me.name).toBe('Ada');
      await again.dispose();
      return true;
    }, 'a socket accepted again');
    await sockets[1]!.dispose();
  });

  it('should close a socket over MAX_SOCKETS_PER_ADDRESS with 4429, signed in or not, and keep other addresses serving', async () => {
    const address = freshAddress();
    const held = [openFrom(address, chat.users.bob.token), openFrom(address, chat.users.cy.token), openFrom(address)];
    await Promise.all(held.map((socket) => socket.ready));
    const over = openFrom(address, chat.users.bob.token);
    expect(await over.closed).toEqual({ code: 4429, reason: 'Too many connections' });
    const elsewhere = openFrom(freshAddress(), chat.users.bob.token);
    expect((await elsewhere.execute(ME)).data.me.name).toBe('Bob');
    await Promise.all([...held, elsewhere].map((socket) => socket.dispose()));
  });
});

describe('subscriptions per user', () => {
  it('should refuse a subscription over MAX_SUBSCRIPTIONS_PER_USER across all sockets with RATE_LIMITED, and accept one once another ended', async () => {
    const { token } = await login(chat.server.httpUrl, 'Subscriber');
    const first = openFrom(freshAddress(), token);
    const second = openFrom(freshAddress(), token);
    const live = [first.subscribe(CHANNEL_ADDED), first.subscribe(CHANNEL_ADDED), second.subscribe(CHANNEL_ADDED)];
    await first.flush();
    await second.flush();
    const refused = await second.subscribe(CHANNEL_ADDED).next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.message).toMatch(/3 live subscriptions already, over all your connections/);
    expect((await second.execute(ME)).data.me.name).toBe('Subscriber');

    live[0]!.unsubscribe();
    await first.flush();
    const replacement = second.subscribe(CHANNEL_ADDED);
    await second.flush();
    await chat.open(chat.users.ada.token).execute(CREATE_CHANNEL, { name: 'counted' });
    expect((await replacement.next()).data.channelAdded.name).toBe('counted');
    await Promise.all([first.dispose(), second.dispose()]);
  });
});
