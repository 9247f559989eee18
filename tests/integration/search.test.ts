import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, postGraphQL, type SignedIn } from '../support/http-client.js';
import { DELETE_MESSAGE, EDIT_MESSAGE } from '../support/message-change-operations.js';
import { CREATE_CHANNEL, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { SEARCH_DIRECT, SEARCH_MESSAGES } from '../support/typing-search-operations.js';

const LIMIT = 3;
const chat = useChatServer({
  env: { MESSAGE_LIMIT: String(LIMIT), USER_CHANNEL_BURST: '1000' },
  users: { ada: 'Ada', bob: 'Bob', carol: 'Carol' },
});

const call = (query: string, variables: Record<string, unknown>, as: SignedIn = chat.users.ada) =>
  postGraphQL(chat.server.httpUrl, query, variables, { token: as.token });
async function data(query: string, variables: Record<string, unknown>, as?: SignedIn) {
  const response = await call(query, variables, as);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data;
}
let channelCount = 0;
const newChannel = async () => (await data(CREATE_CHANNEL, { name: `search ${++channelCount}` })).createChannel.id as string;
const send = async (channelId: string, body: string, as?: SignedIn) => (await data(SEND_MESSAGE, { channelId, body }, as)).sendMessage;
const sendDirect = async (to: SignedIn, body: string, as: SignedIn) =>
  (await data(SEND_DIRECT, { to: to.user.name, body }, as)).sendDirectMessage;
const search = async (text: string, extra: { channelId?: string; first?: number } = {}, as?: SignedIn): Promise<string[]> =>
  (await data(SEARCH_MESSAGES, { text, ...extra }, as)).searchMessages.map((message: { body: string }) => message.body);
const searchDirect = async (text: string, as: SignedIn, withName?: string): Promise<string[]> =>
  (await data(SEARCH_DIRECT, { text, with: withName }, as)).searchDirectMessages.map((message: { body: string }) => message.body);

describe('searchMessages', () => {
  it('should find every word without regard to case or accents, newest first, in one channel when asked', async () => {
    const [here, there] = [await newChannel(), await newChannel()];
    await send(here, 'Le Café de Émile ouvre');
    await send(there, 'ÉMILE boit un cafe', chat.users.bob);
    await send(here, 'Le thé de Zoé');
    expect(await search('cafe emile')).toEqual(['ÉMILE boit un cafe', 'Le Café de Émile ouvre']);
    expect(await search('CAFÉ ÉMILE', { channelId: here })).toEqual(['Le Café de Émile ouvre']);
    expect(await search('émile', { first: 1 })).toEqual(['ÉMILE boit un cafe']);
    expect(await search('zoe the')).toEqual(['Le thé de Zoé']);
    expect(await search('cafe zoe')).toEqual([]);
  });

  it('should return the messages as every other read does: author, mentions and all', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'ping @Bob about the Überraschung');
    const [found] = (await data(SEARCH_MESSAGES, { text: 'uberraschung' })).searchMessages;
    expect(found).toMatchObject({ id: sent.id, channelId, author: { name: 'Ada' }, mentions: [{ name: 'Bob' }], deleted: false });
  });

  it('should follow edits and deletions, and forget what the cap removes', async () => {
    const channelId = await newChannel();
    const edited = await send(channelId, 'première version');
    const deleted = await send(channelId, 'à supprimer bientôt');
    expect((await call(EDIT_MESSAGE, { channelId, id: edited.id, body: 'seconde version' })).errors).toBeUndefined();
    expect((await call(DELETE_MESSAGE, { channelId, id: deleted.id })).errors).toBeUndefined();
    expect(await search('premiere')).toEqual([]);
    expect(await search('seconde', { channelId })).toEqual(['seconde version']);
    expect(await search('supprimer')).toEqual([]);
    for (let n = 1; n <= LIMIT; n++) await send(channelId, `filler ${n}`);
    expect(await search('version', { channelId })).toEqual([]);
    expect(await search('filler', { channelId })).toEqual(['filler 3', 'filler 2', 'filler 1']);
  });

  it('should take search syntax as plain words, never as an error of the database', async () => {
    const channelId = await newChannel();
    const body = 'NEAR the "quoted" text OR not (really) x*y';
    await send(channelId, body);
    for (const text of ['"quoted', 'near(the', 'or NOT', 'x*', 'really)', 'quoted -text', 'text:near ^x', '{y} [the] \\x'])
      expect([text, await search(text, { channelId })]).toEqual([text, [body]]);
    for (const text of ["'; DROP TABLE messages; --", 'NEAR(a b, 2)', 'quoted AND absent', '$1 :words'])
      expect([text, await search(text, { channelId })]).toEqual([text, []]);
  });

  it('should refuse an empty search, one over 200 characters, one without a letter or digit, and a bad `first`, with a sentence', async () => {
    for (const [variables, field] of [
      [{ text: '' }, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 'a'.repeat(201) }, 'text'],
      [{ text: '"*" :: ()' }, 'text'],
      [{ text: 'ok', first: 0 }, 'first'],
      [{ text: 'ok', first: -5 }, 'first'],
    ] as const) {
      const response = await call(SEARCH_MESSAGES, variables);
      expect([variables, errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual([variables, 'BAD_USER_INPUT', field]);
      expect(response.errors![0]!.message).toMatch(/^[A-Z`].+\.$/);
    }
    expect(errorCode(await call(SEARCH_MESSAGES, { text: 'ok', channelId: '99999' }))).toBe('NOT_FOUND');
    expect((await call(SEARCH_MESSAGES, { text: 'ok', first: 10_000 })).errors).toBeUndefined();
  });

  it('should need a session', async () => {
    expect(errorCode(await postGraphQL(chat.server.httpUrl, SEARCH_MESSAGES, { text: 'hello' }))).toBe('UNAUTHENTICATED');
  });
});

describe('searchDirectMessages', () => {
  it("should find only the signed-in user's own direct messages, and with `with` one conversation", async () => {
    const { ada, bob, carol } = chat.users;
    await sendDirect(bob, 'Rendez-vous à la GARE', ada);
    await sendDirect(ada, 'la gare, à midi', carol);
    await sendDirect(carol, 'secret gare de Bob et Carol', bob);
    expect(await searchDirect('gare', ada)).toEqual(['la gare, à midi', 'Rendez-vous à la GARE']);
    expect(await searchDirect('GARE', ada, 'bob')).toEqual(['Rendez-vous à la GARE']);
    expect(await searchDirect('secret', ada)).toEqual([]);
    expect(await searchDirect('secret', ada, 'Bob')).toEqual([]);
    expect(await searchDirect('secret', ada, 'Carol')).toEqual([]);
    expect(await searchDirect('secret gare', carol)).toEqual(['secret gare de Bob et Carol']);
  });

  it('should refuse bad input and an unknown partner', async () => {
    expect(errorCode(await call(SEARCH_DIRECT, { text: '' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await call(SEARCH_DIRECT, { text: 'x'.repeat(201) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await call(SEARCH_DIRECT, { text: 'hello', with: 'nobody-here' }))).toBe('NOT_FOUND');
  });
});
