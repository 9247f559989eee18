import { describe, expect, it } from 'vitest';
import { SearchService } from './search.service.js';
import { domainError, domainFixture, HOME } from './testing/domain-fixture.js';

async function searchFixture() {
  const fixture = domainFixture();
  const search = new SearchService(fixture.store, fixture.channels);
  const general = (await fixture.channels.list())[0]!;
  const [ada, bob, cy] = [(await fixture.signIn('ada')).user, (await fixture.signIn('bob')).user, (await fixture.signIn('cy')).user];
  return { ...fixture, search, general, ada, bob, cy };
}

describe('SearchService', () => {
  it('should find channel messages by their words, newest first, in one channel when asked', async () => {
    const { search, messages, channels, general, ada } = await searchFixture();
    const other = await channels.create('other', ada, HOME);
    await messages.send(ada, { channelId: general.id, body: 'Le café est prêt' }, HOME);
    await messages.send(ada, { channelId: other.id, body: 'CAFÉ noir' }, HOME);
    expect((await search.messages({ text: 'cafe' })).map((m) => m.body)).toEqual(['CAFÉ noir', 'Le café est prêt']);
    expect((await search.messages({ text: 'Cafe', channelId: general.id })).map((m) => m.body)).toEqual(['Le café est prêt']);
    expect(await search.messages({ text: 'cafe', first: 1 })).toHaveLength(1);
  });

  it("should search the asking user's direct messages only, and one conversation when named", async () => {
    const { search, directMessages, ada, bob, cy } = await searchFixture();
    await directMessages.send(ada, { to: 'bob', body: 'Secret plan' }, HOME);
    await directMessages.send(bob, { to: 'cy', body: 'secret too' }, HOME);
    await directMessages.send(cy, { to: 'ada', body: 'no secrets here' }, HOME);
    expect((await search.directMessages(ada, { text: 'secret' })).map((m) => m.body)).toEqual(['no secrets here', 'Secret plan']);
    expect((await search.directMessages(ada, { text: 'secret', with: 'BOB' })).map((m) => m.body)).toEqual(['Secret plan']);
    expect((await search.directMessages(cy, { text: 'plan' })).map((m) => m.body)).toEqual([]);
  });

  it('should refuse bad input with BAD_USER_INPUT, and an unknown channel or user with NOT_FOUND', async () => {
    const { search, ada } = await searchFixture();
    expect(await domainError(search.messages({ text: '' }))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'text' } });
    expect(await domainError(search.messages({ text: 'x'.repeat(201) }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await domainError(search.messages({ text: 'ok', first: 0 }))).toMatchObject({ details: { field: 'first' } });
    expect(await domainError(search.messages({ text: 'ok', channelId: '999' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await domainError(search.directMessages(ada, { text: 'ok', with: 'nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
