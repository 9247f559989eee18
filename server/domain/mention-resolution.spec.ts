import { describe, expect, it } from 'vitest';
import { resolveMentions } from './mention-resolution.js';
import { domainFixture } from './testing/domain-fixture.js';

describe('resolveMentions', () => {
  it('should resolve each name to its live user once, in the order first mentioned, whatever the case or look-alike spelling', async () => {
    const { signIn, store } = domainFixture();
    const [ada, bob] = [(await signIn('ada')).user, (await signIn('Bob Smith')).user];
    // "аda" with a Cyrillic а, and "ＡＤＡ" in full-width letters, are the name ada.
    expect(await resolveMentions(store, '@{bob  smith} @ADA, @аda and @ＡＤＡ')).toEqual([bob, ada]);
  });

  it('should leave a name nobody holds, and one whose user signed out for good, as plain text', async () => {
    const { signIn, sessions, store } = domainFixture();
    const gone = await signIn('gone');
    await sessions.logout(gone);
    expect(await resolveMentions(store, '@gone @nobody')).toEqual([]);
  });

  it('should look nothing up for a body without mentions', async () => {
    const { store } = domainFixture();
    let lookups = 0;
    const counting = { findUserByName: (...args: Parameters<typeof store.findUserByName>) => (lookups++, store.findUserByName(...args)) };
    expect(await resolveMentions(counting, 'mail ada@example.org')).toEqual([]);
    expect(lookups).toBe(0);
  });
});
