import { describe, expect, it } from 'vitest';
import { decideClaim, isIdle, type ClaimCandidate, type ClaimRequest } from './claims.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const HOUR = 60 * 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  nameKey: 'ada',
  verifiedUserId: null,
  currentSessionId: null,
  now: NOW,
  idleLimitMs: HOUR,
  ...overrides,
});
const candidate = (overrides: Partial<ClaimCandidate> = {}): ClaimCandidate => ({
  id: '1',
  name: 'ada',
  nameKey: 'ada',
  protected: false,
  sessions: [],
  ...overrides,
});
const live = (id: string) => ({ id, lastUsedAt: ago(60_000) });
const idle = (id: string) => ({ id, lastUsedAt: ago(2 * HOUR) });

describe('decideClaim', () => {
  it('should make a new user for a name nobody has', () => {
    expect(decideClaim([], request())).toEqual({ kind: 'new', endUserIds: [], endSessionIds: [] });
  });

  it('should refuse a name held by another live session', () => {
    expect(decideClaim([candidate({ sessions: [live('s1')] })], request())).toEqual({ kind: 'taken', holder: 'ada' });
  });

  it('should end a free user without a password and make a new one, so that nobody inherits its messages', () => {
    expect(decideClaim([candidate({ sessions: [idle('s1')] })], request())).toEqual({
      kind: 'new',
      endUserIds: ['1'],
      endSessionIds: ['s1'],
    });
    expect(decideClaim([candidate()], request())).toEqual({ kind: 'new', endUserIds: ['1'], endSessionIds: [] });
  });

  it('should let the browser holding the name sign in again as the same user', () => {
    const holder = candidate({ sessions: [live('mine')] });
    expect(decideClaim([holder], request({ currentSessionId: 'mine' }))).toEqual({
      kind: 'continue',
      userId: '1',
      endSessionIds: ['mine'],
    });
  });

  it('should ask for the password of a protected name, free or held, and continue its user with it', () => {
    const owner = candidate({ protected: true, sessions: [live('s1')] });
    expect(decideClaim([owner], request())).toEqual({ kind: 'wrong-password', holder: 'ada' });
    expect(decideClaim([candidate({ protected: true })], request())).toEqual({ kind: 'wrong-password', holder: 'ada' });
    expect(decideClaim([owner], request({ verifiedUserId: '1' }))).toEqual({
      kind: 'continue',
      userId: '1',
      endSessionIds: ['s1'],
    });
  });

  it('should not accept a password verified for another user', () => {
    expect(decideClaim([candidate({ protected: true })], request({ verifiedUserId: '2' }))).toEqual({
      kind: 'wrong-password',
      holder: 'ada',
    });
  });

  it('should refuse a look-alike of a name in use, naming the name it looks like', () => {
    const held = candidate({ nameKey: 'аda', name: 'аda', sessions: [live('s1')] });
    expect(decideClaim([held], request())).toEqual({ kind: 'taken', holder: 'аda' });
  });

  it('should prefer the very same name over an older look-alike, and still refuse while the look-alike is in use', () => {
    const older = candidate({ id: '1', nameKey: 'аda', name: 'аda', sessions: [live('s1')] });
    const same = candidate({ id: '2', sessions: [idle('s2')] });
    expect(decideClaim([older, same], request())).toEqual({ kind: 'taken', holder: 'аda' });
    const freeOlder = candidate({ id: '1', nameKey: 'аda', name: 'аda' });
    expect(decideClaim([freeOlder, same], request())).toEqual({ kind: 'new', endUserIds: ['1', '2'], endSessionIds: ['s2'] });
  });

  it('should keep a protected look-alike, refusing the new claim beside it', () => {
    const guarded = candidate({ id: '1', nameKey: 'аda', name: 'аda', protected: true });
    const same = candidate({ id: '2' });
    expect(decideClaim([guarded, same], request())).toEqual({ kind: 'taken', holder: 'аda' });
  });
});

describe('isIdle', () => {
  it('should call a session idle only once it has gone unused for longer than the limit', () => {
    expect(isIdle(ago(HOUR - 1), NOW, HOUR)).toBe(false);
    expect(isIdle(ago(HOUR), NOW, HOUR)).toBe(false);
    expect(isIdle(ago(HOUR + 1), NOW, HOUR)).toBe(true);
  });
});
