import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { DIRECT_MESSAGES, ME, SEND_DIRECT } from '../support/operations.js';

// Two free attempts per name make the attempt limit quick to reach; the defaults stay protective.
const chat = useChatServer({
  env: { PASSWORD_FREE_ATTEMPTS_PER_NAME: '2', PASSWORD_FREE_ATTEMPTS_PER_ADDRESS: '1000' },
  users: { friend: 'Friend' },
});

const LOGIN_WITH_PASSWORD = `mutation ($name: String!, $password: String) {
  login(name: $name, password: $password) { token user { id name protected } } }`;
const SET_PASSWORD = `mutation ($password: String!, $currentPassword: String) {
  setPassword(password: $password, currentPassword: $currentPassword) { id name protected } }`;

const post = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  postGraphQL(chat.server.httpUrl, query, variables, { token });
const loginWith = (name: string, password?: string) => post(LOGIN_WITH_PASSWORD, { name, password });
const logout = (who: SignedIn) => post(`mutation { logout }`, {}, who.token);
const conversation = (of: { token: string }, withName: string) => post(DIRECT_MESSAGES, { with: withName }, of.token);

describe('identity of a name without a password', () => {
  it('should give a freed name to a new user who cannot read the earlier direct messages', async () => {
    const victim = await login(chat.server.httpUrl, 'victim');
    await post(SEND_DIRECT, { to: 'victim', body: 'a secret for victim' }, chat.users.friend.token);
    expect((await conversation(victim, 'Friend')).data.directMessages).toHaveLength(1);
    await logout(victim);

    const next = await loginWith('VICTIM');
    expect(next.errors).toBeUndefined();
    expect(next.data.login.user.id).not.toBe(victim.user.id);
    expect((await conversation(next.data.login, 'Friend')).data.directMessages).toEqual([]);
    const partners = await post(`{ conversations { id } }`, {}, next.data.login.token);
    expect(partners.data.conversations).toEqual([]);
  });

  it('should keep the author of messages posted before the name was freed', async () => {
    const author = await login(chat.server.httpUrl, 'poster');
    const general = (await post(`{ channels { id name } }`, {}, author.token)).data.channels.find(
      (channel: { name: string }) => channel.name === 'general',
    );
    const sent = await post(
      `mutation ($c: ID!) { sendMessage(channelId: $c, body: "still mine") { id } }`,
      { c: general.id },
      author.token,
    );
    await logout(author);
    await login(chat.server.httpUrl, 'poster');
    const history = await post(
      `query ($id: ID!) { channel(id: $id) { messages { id author { id name } } } }`,
      { id: general.id },
      chat.users.friend.token,
    );
    const message = history.data.channel.messages.find((m: { id: string }) => m.id === sent.data.sendMessage.id);
    expect(message.author).toEqual({ id: author.user.id, name: 'poster' });
  });
});

describe('look-alike names', () => {
  it('should refuse a name that looks like one in use, and say which', async () => {
    await login(chat.server.httpUrl, 'poe');
    const fullWidth = await loginWith('ＰＯＥ');
    expect(errorCode(fullWidth)).toBe('USERNAME_TAKEN');
    expect(fullWidth.errors![0]!.message).toMatch(/is in use in another session/);
    const cyrillic = await loginWith('рое'); // Cyrillic р, о, е
    expect(errorCode(cyrillic)).toBe('USERNAME_TAKEN');
    expect(cyrillic.errors![0]!.message).toBe('The name "рое" looks too much like "poe", which is in use. Choose another name.');
    const mixed = await loginWith('pое'); // Latin p, Cyrillic о, е
    expect(errorCode(mixed)).toBe('BAD_USER_INPUT');
  });

  it('should refuse a channel whose name looks like an existing one', async () => {
    const create = (name: string) =>
      post(`mutation ($name: String!) { createChannel(name: $name) { id } }`, { name }, chat.users.friend.token);
    expect((await create('cocoa')).errors).toBeUndefined();
    expect(errorCode(await create('сосоа'))).toBe('CHANNEL_EXISTS'); // all Cyrillic
    expect(errorCode(await create('COCOA'))).toBe('CHANNEL_EXISTS');
    expect(errorCode(await create('cocoa\u200B'))).toBe('BAD_USER_INPUT');
  });
});

describe('passwords', () => {
  it('should protect a name, refuse it without the password or with a wrong one, and sign in with the right one', async () => {
    const owner = await login(chat.server.httpUrl, 'Keeper');
    const set = await post(SET_PASSWORD, { password: 'correct horse' }, owner.token);
    expect(set.data.setPassword).toEqual({ id: owner.user.id, name: 'Keeper', protected: true });
    await logout(owner);

    const missing = await loginWith('keeper');
    expect(errorCode(missing)).toBe('WRONG_PASSWORD');
    expect(missing.errors![0]!.message).toMatch(/protected by a password/);
    expect(errorCode(await loginWith('keeper', 'wrong horse'))).toBe('WRONG_PASSWORD');

    const back = await loginWith('keeper', 'correct horse');
    expect(back.errors).toBeUndefined();
    expect(back.data.login.user).toEqual({ id: owner.user.id, name: 'Keeper', protected: true });
  });

  it('should end the session that held a protected name when its password is given elsewhere, closing its sockets with 4401', async () => {
    const owner = await login(chat.server.httpUrl, 'Roamer');
    await post(SET_PASSWORD, { password: 'laptop and phone' }, owner.token);
    const socket = chat.open(owner.token);
    await socket.ready;

    const elsewhere = await loginWith('Roamer', 'laptop and phone');
    expect(elsewhere.data.login.user.id).toBe(owner.user.id);
    expect((await socket.closed).code).toBe(4401);
    // Behaviour change: the ended session's Bearer token is refused with 401, not taken for no token.
    expect(errorCode(await post(ME, {}, owner.token))).toBe('UNAUTHENTICATED');
    expect((await post(ME, {}, elsewhere.data.login.token)).data.me).toEqual({ id: owner.user.id, name: 'Roamer' });
  });

  it('should refuse passwords shorter than 8 or longer than 128 characters', async () => {
    const user = await login(chat.server.httpUrl, 'short-pass');
    for (const password of ['1234567', 'x'.repeat(129)]) {
      const response = await post(SET_PASSWORD, { password }, user.token);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.message).toMatch(/8 to 128/);
    }
    expect((await post(SET_PASSWORD, { password: 'x'.repeat(128) }, user.token)).errors).toBeUndefined();
  });

  it('should change a password only with the current one', async () => {
    const user = await login(chat.server.httpUrl, 'changer');
    await post(SET_PASSWORD, { password: 'first password' }, user.token);
    expect(errorCode(await post(SET_PASSWORD, { password: 'second password' }, user.token))).toBe('WRONG_PASSWORD');
    expect(errorCode(await post(SET_PASSWORD, { password: 'second password', currentPassword: 'nope nope' }, user.token))).toBe(
      'WRONG_PASSWORD',
    );
    expect(
      (await post(SET_PASSWORD, { password: 'second password', currentPassword: 'first password' }, user.token)).errors,
    ).toBeUndefined();
    await logout(user);
    expect(errorCode(await loginWith('changer', 'first password'))).toBe('WRONG_PASSWORD');
    expect((await loginWith('changer', 'second password')).errors).toBeUndefined();
  });

  it('should need a session to set a password', async () => {
    expect(errorCode(await post(SET_PASSWORD, { password: 'no session here' }))).toBe('UNAUTHENTICATED');
  });

  it('should make a name wait after its free wrong passwords, whatever password comes next', async () => {
    const owner = await login(chat.server.httpUrl, 'Target');
    await post(SET_PASSWORD, { password: 'the real one' }, owner.token);
    expect(errorCode(await loginWith('target', 'guess one'))).toBe('WRONG_PASSWORD');
    expect(errorCode(await loginWith('target', 'guess two'))).toBe('WRONG_PASSWORD');
    // The first failure past the free ones is still answered, and starts the wait.
    expect(errorCode(await loginWith('target', 'guess three'))).toBe('WRONG_PASSWORD');
    const limited = await loginWith('target', 'guess four');
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
    // Even the right password waits: the limit says nothing about which guess is right.
    expect(errorCode(await loginWith('target', 'the real one'))).toBe('RATE_LIMITED');
  });

  it('should show who is protected to others', async () => {
    const owner = await login(chat.server.httpUrl, 'Shown');
    await post(SET_PASSWORD, { password: 'visible mark' }, owner.token);
    await post(SEND_DIRECT, { to: 'Friend', body: 'hi' }, owner.token);
    const seen = await post(`{ conversations { name protected } }`, {}, chat.users.friend.token);
    expect(seen.data.conversations).toContainEqual({ name: 'Shown', protected: true });
  });
});

describe('wrong passwords from one address', () => {
  const spread = useChatServer({ env: { PASSWORD_FREE_ATTEMPTS_PER_NAME: '1000', PASSWORD_FREE_ATTEMPTS_PER_ADDRESS: '3' } });

  it('should make an address that guesses at many names wait, whichever name it tries', async () => {
    const names = ['one', 'two', 'three', 'four', 'five'];
    for (const name of names) {
      const user = await login(spread.server.httpUrl, name);
      await postGraphQL(spread.server.httpUrl, SET_PASSWORD, { password: `${name} password` }, { token: user.token });
    }
    const guess = (name: string) => postGraphQL(spread.server.httpUrl, LOGIN_WITH_PASSWORD, { name, password: 'a guess!' });
    for (const name of names.slice(0, 4)) expect(errorCode(await guess(name))).toBe('WRONG_PASSWORD');
    expect(errorCode(await guess('five'))).toBe('RATE_LIMITED');
  });
});
