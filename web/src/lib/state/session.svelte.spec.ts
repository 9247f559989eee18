import type { Client } from '@urql/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OFFLINE_MESSAGE } from '../chat/errors.js';
import { ErrorCode } from '../graphql/codes.js';
import { FakeClient, type Handler } from '../testing/fake-client.js';
import { SessionState } from './session.svelte.js';

const ada = { id: '1', name: 'Ada', protected: false };
const refused = (code: string, message: string) => ({ error: { graphQLErrors: [{ message, extensions: { code } }] } });
const offline = () => ({ error: { networkError: new TypeError('Failed to fetch') } });

function setUp(handlers: Record<string, Handler> = {}) {
  const client = new FakeClient({ Me: () => ({ data: { me: ada } }), ...handlers });
  return { client, session: new SessionState(client as unknown as Client) };
}

afterEach(() => vi.restoreAllMocks());

describe('SessionState', () => {
  it('should know who the session cookie belongs to, and whether a password protects the name', async () => {
    const { session } = setUp({ Me: () => ({ data: { me: { ...ada, protected: true } } }) });
    expect(session.user).toBeNull();
    expect(await session.whoAmI()).toEqual({ user: { ...ada, protected: true } });
    expect(session.user?.name).toBe('Ada');
    expect(session.protected).toBe(true);
  });

  it('should say nobody is signed in when the server knows no session', async () => {
    const { session } = setUp({ Me: () => ({ data: { me: null } }) });
    expect(await session.whoAmI()).toEqual({ user: null });
    expect(session.protected).toBe(false);
  });

  it('should say why it cannot tell who is signed in, hiding what went wrong on the server', async () => {
    expect(await setUp({ Me: offline }).session.whoAmI()).toEqual({ error: OFFLINE_MESSAGE, offline: true });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const internal = { error: { graphQLErrors: [{ message: 'stack trace', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
    expect(await setUp({ Me: () => internal }).session.whoAmI()).toEqual({ error: 'The chat could not start.', offline: false });
    expect(log).toHaveBeenCalledOnce();
  });

  it('should sign in with a name, and send a password only when one is given', async () => {
    const { client, session } = setUp({
      Login: (v) => ({ data: { login: { user: { id: '1', name: v.name, protected: Boolean(v.password) } } } }),
    });
    expect(await session.signIn('Ada')).toEqual({ user: ada });
    expect(session.user).toEqual(ada);
    expect(await session.signIn('Ada', 'correct horse')).toEqual({ user: { ...ada, protected: true } });
    expect(session.protected).toBe(true);
    expect(client.calls.map((c) => c.variables)).toEqual([
      { name: 'Ada', password: undefined },
      { name: 'Ada', password: 'correct horse' },
    ]);
  });

  it('should ask for the password of a protected name, in the server’s words', async () => {
    const { session } = setUp({ Login: () => refused(ErrorCode.WrongPassword, 'The name "Ada" is protected: give its password.') });
    expect(await session.signIn('Ada')).toEqual({ error: 'The name "Ada" is protected: give its password.', needsPassword: true });
    expect(session.user).toBeNull();
  });

  it('should refuse a name held by another session without asking for a password', async () => {
    const { session } = setUp({ Login: () => refused(ErrorCode.UsernameTaken, 'The name "Ada" is in use.') });
    expect(await session.signIn('Ada')).toEqual({ error: 'The name "Ada" is in use.', needsPassword: false });
    expect(await setUp({ Login: offline }).session.signIn('Ada')).toEqual({ error: OFFLINE_MESSAGE, needsPassword: false });
  });

  it('should sign out on the server and forget the user, even when the server cannot be reached', async () => {
    const { client, session } = setUp({ Logout: offline });
    await session.whoAmI();
    await session.signOut();
    expect(client.count('Logout')).toBe(1);
    expect(session.user).toBeNull();
  });

  it('should mark the name protected once its password is saved, and say why when it is not', async () => {
    let current = 'old password';
    const { client, session } = setUp({
      SetPassword: (v) =>
        v.currentPassword === current || !session.protected
          ? ((current = v.password as string), { data: { setPassword: { id: '1', protected: true } } })
          : refused(ErrorCode.WrongPassword, 'That is not the current password.'),
    });
    await session.whoAmI();
    expect(await session.setPassword('old password')).toBeNull();
    expect(session.protected).toBe(true);
    expect(await session.setPassword('new password', 'wrong')).toBe('That is not the current password.');
    expect(session.protected).toBe(true);
    expect(await session.setPassword('new password', 'old password')).toBeNull();
    expect(client.calls.filter((c) => c.name === 'SetPassword').map((c) => c.variables)).toEqual([
      { password: 'old password', currentPassword: undefined },
      { password: 'new password', currentPassword: 'wrong' },
      { password: 'new password', currentPassword: 'old password' },
    ]);
  });
});
