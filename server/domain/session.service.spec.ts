import { describe, expect, it } from 'vitest';
import { Topic } from './ports/events.port.js';
import { ErrorCode } from './errors.js';
import { nameKey, nameSkeleton } from './text-rules.js';
import { DAY, domainError, domainFixture, ELSEWHERE, HOME, receivedBefore } from './testing/domain-fixture.js';

const PASSWORD = 'correct horse battery';

/** SESSION_REVOKED events up to now, read through a sentinel. */
const revokedSince = async (fixture: ReturnType<typeof domainFixture>, stream: AsyncIterator<{ sessionId: string }>) =>
  (
    await receivedBefore(
      stream,
      () => fixture.bus.publish(Topic.SessionRevoked, { sessionId: 'sentinel' }),
      (event) => event.sessionId === 'sentinel',
    )
  ).map((event) => event.sessionId);

describe('SessionService.login', () => {
  it('should give a new name to a new, unprotected user whose token then authenticates', async () => {
    const { sessions } = domainFixture();
    const { token, user } = await sessions.login('  Ada  ', undefined, null, HOME);
    expect(user).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'Ada', protected: false });
    expect(await sessions.authenticate(token)).toEqual({ sessionId: expect.any(String), user });
  });

  it('should refuse a name held by another session, and a look-alike of it', async () => {
    const { sessions, signIn } = domainFixture();
    await signIn('room');
    const taken = await domainError(sessions.login('room', undefined, null, ELSEWHERE));
    expect(taken).toMatchObject({ code: ErrorCode.UsernameTaken, details: { field: 'name' } });
    expect(taken.message).toBe('The name "room" is in use in another session. Choose another name, or log out there first.');
    expect((await domainError(sessions.login('ROOM', undefined, null, ELSEWHERE))).code).toBe(ErrorCode.UsernameTaken);
    const lookAlike = await domainError(sessions.login('roorn', undefined, null, ELSEWHERE));
    expect(lookAlike.message).toBe('The name "roorn" looks too much like "room", which is in use. Choose another name.');
  });

  it('should let the session holding a name sign in to it again, as the same user, ending the earlier session', async () => {
    const fixture = domainFixture();
    const { sessions, bus, signIn } = fixture;
    const first = await signIn('ada');
    const revoked = await bus.subscribe(Topic.SessionRevoked);
    const again = await sessions.login('Ada', undefined, first, HOME);
    expect(again.user).toEqual({ id: first.user.id, name: 'Ada', protected: false });
    expect(await sessions.authenticate(first.token)).toBeNull();
    expect(await sessions.authenticate(again.token)).toMatchObject({ user: again.user });
    expect(await revokedSince(fixture, revoked)).toEqual([first.sessionId]);
  });

  it('should end the earlier user of a browser that signs in under another name', async () => {
    const { sessions, store, signIn } = domainFixture();
    const first = await signIn('ada');
    const next = await sessions.login('bob', undefined, first, HOME);
    expect(next.user.id).not.toBe(first.user.id);
    expect(await sessions.authenticate(first.token)).toBeNull();
    expect(await store.findUserByName(nameKey('ada'), nameSkeleton('ada'))).toEqual({ user: first.user, ended: true });
  });
});

describe('SessionService.logout', () => {
  it('should end the session everywhere, free the name and end its unprotected user', async () => {
    const fixture = domainFixture();
    const { sessions, store, bus, signIn } = fixture;
    const ada = await signIn('ada');
    const revoked = await bus.subscribe(Topic.SessionRevoked);
    await sessions.logout(ada);
    expect(await sessions.authenticate(ada.token)).toBeNull();
    expect(await revokedSince(fixture, revoked)).toEqual([ada.sessionId]);
    expect(await store.findUserByName(nameKey('ada'), nameSkeleton('ada'))).toEqual({ user: ada.user, ended: true });
    const next = await signIn('ada', ELSEWHERE);
    expect(next.user.id).not.toBe(ada.user.id);
  });

  it('should keep a protected user, and its name, after logout', async () => {
    const { sessions, store, signIn } = domainFixture();
    const ada = await signIn('ada');
    await sessions.setPassword(ada, PASSWORD, undefined, HOME);
    await sessions.logout(ada);
    expect(await store.findUserByName(nameKey('ada'), nameSkeleton('ada'))).toEqual({
      user: { ...ada.user, protected: true },
      ended: false,
    });
    expect((await domainError(sessions.login('ada', undefined, null, ELSEWHERE))).code).toBe(ErrorCode.WrongPassword);
  });
});

describe('SessionService idle expiry', () => {
  it('should end a session unused for the idle limit and give its name to the next claimant', async () => {
    const { sessions, clock, signIn } = domainFixture({ idleLimitMs: DAY });
    const ada = await signIn('ada');
    clock.advance(DAY);
    expect(await sessions.authenticate(ada.token)).toMatchObject({ sessionId: ada.sessionId });
    clock.advance(DAY + 1);
    expect(await sessions.authenticate(ada.token)).toBeNull();
    const next = await signIn('ada', ELSEWHERE);
    expect(next.user.id).not.toBe(ada.user.id);
  });

  it('should keep a session that is used alive past the idle limit', async () => {
    const { sessions, clock, signIn } = domainFixture({ idleLimitMs: DAY });
    const ada = await signIn('ada');
    for (let halfDays = 0; halfDays < 6; halfDays++) {
      clock.advance(DAY / 2);
      expect(await sessions.authenticate(ada.token)).toMatchObject({ sessionId: ada.sessionId });
    }
    expect((await domainError(sessions.login('ada', undefined, null, ELSEWHERE))).code).toBe(ErrorCode.UsernameTaken);
  });

  it('should keep the session of an open connection alive through keepAlive', async () => {
    const { sessions, clock, signIn } = domainFixture({ idleLimitMs: DAY });
    const ada = await signIn('ada');
    clock.advance(DAY - 1);
    await sessions.keepAlive(ada);
    clock.advance(DAY - 1);
    expect(await sessions.authenticate(ada.token)).toMatchObject({ sessionId: ada.sessionId });
  });
});

describe('SessionService passwords', () => {
  it('should protect the name, and then ask for the password to sign in to it', async () => {
    const { sessions, signIn } = domainFixture();
    const ada = await signIn('ada');
    expect(await sessions.setPassword(ada, PASSWORD, undefined, HOME)).toEqual({ ...ada.user, protected: true });
    const missing = await domainError(sessions.login('ada', undefined, null, ELSEWHERE));
    expect(missing).toMatchObject({ code: ErrorCode.WrongPassword, details: { field: 'password' } });
    expect(missing.message).toBe('The name "ada" is protected by a password. Enter it to sign in.');
    const wrong = await domainError(sessions.login('ada', 'not the password', null, ELSEWHERE));
    expect(wrong.message).toBe('That is not the password of "ada". Try again.');
  });

  it('should take a protected name over with its password, ending the session that held it and announcing it', async () => {
    const fixture = domainFixture();
    const { sessions, bus, signIn } = fixture;
    const ada = await signIn('ada');
    await sessions.setPassword(ada, PASSWORD, undefined, HOME);
    const revoked = await bus.subscribe(Topic.SessionRevoked);
    const takeover = await sessions.login('ada', PASSWORD, null, ELSEWHERE);
    expect(takeover.user).toEqual({ ...ada.user, protected: true });
    expect(await sessions.authenticate(ada.token)).toBeNull();
    expect(await sessions.authenticate(takeover.token)).toMatchObject({ user: takeover.user });
    expect(await revokedSince(fixture, revoked)).toEqual([ada.sessionId]);
  });

  it('should refuse a password change without the current password', async () => {
    const { sessions, signIn } = domainFixture();
    const ada = await signIn('ada');
    await sessions.setPassword(ada, PASSWORD, undefined, HOME);
    const refused = await domainError(sessions.setPassword(ada, 'another password', 'wrong one', HOME));
    expect(refused).toMatchObject({ code: ErrorCode.WrongPassword, details: { field: 'currentPassword' } });
    await sessions.setPassword(ada, 'another password', PASSWORD, HOME);
    await sessions.logout(ada);
    expect((await sessions.login('ada', 'another password', null, HOME)).user.id).toBe(ada.user.id);
  });

  it('should make a name wait once its free wrong passwords are used up, from any address, until the clock moves on', async () => {
    const { sessions, clock, signIn } = domainFixture({ passwordAttempts: { byName: { freeAttempts: 2 } } });
    const ada = await signIn('ada');
    await sessions.setPassword(ada, PASSWORD, undefined, HOME);
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      expect((await domainError(sessions.login('ada', 'wrong password', null, { address }))).code).toBe(ErrorCode.WrongPassword);
    const waiting = await domainError(sessions.login('ada', PASSWORD, null, { address: '192.0.2.4' }));
    expect(waiting).toMatchObject({ code: ErrorCode.RateLimited, details: { retryAfterMs: 1000 } });
    clock.advance(999);
    expect(await domainError(sessions.login('ada', PASSWORD, null, ELSEWHERE))).toMatchObject({ details: { retryAfterMs: 1 } });
    clock.advance(1);
    expect((await sessions.login('ada', PASSWORD, null, ELSEWHERE)).user.id).toBe(ada.user.id);
  });

  it('should make an address wait once its free wrong passwords are used up, over every name it tries', async () => {
    const { sessions, clock, signIn } = domainFixture({ passwordAttempts: { byAddress: { freeAttempts: 2 } } });
    for (const name of ['ada', 'bob', 'cy']) await sessions.setPassword(await signIn(name), PASSWORD, undefined, HOME);
    const attacker = { address: '192.0.2.66' };
    for (const name of ['ada', 'bob', 'cy'])
      expect((await domainError(sessions.login(name, 'wrong password', null, attacker))).code).toBe(ErrorCode.WrongPassword);
    expect(await domainError(sessions.login('ada', PASSWORD, null, attacker))).toMatchObject({
      code: ErrorCode.RateLimited,
      details: { retryAfterMs: 1000 },
    });
    expect((await sessions.login('bob', PASSWORD, null, ELSEWHERE)).user.name).toBe('bob');
    clock.advance(1000);
    expect((await sessions.login('ada', PASSWORD, null, attacker)).user.name).toBe('ada');
  });
});

describe('SessionService sign-in limit', () => {
  it('should limit sign-ins per address, refused ones too, and say when to retry', async () => {
    const { sessions, clock } = domainFixture({ limits: { loginsPerAddress: { ratePerSecond: 1, burst: 2 } } });
    await sessions.login('ada', undefined, null, HOME);
    await domainError(sessions.login('ada', undefined, null, HOME));
    expect(await domainError(sessions.login('bob', undefined, null, HOME))).toMatchObject({
      code: ErrorCode.RateLimited,
      details: { retryAfterMs: 1000 },
    });
    expect((await sessions.login('bob', undefined, null, ELSEWHERE)).user.name).toBe('bob');
    clock.advance(1000);
    expect((await sessions.login('cy', undefined, null, HOME)).user.name).toBe('cy');
  });
});
