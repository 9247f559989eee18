import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CHANNEL, CHANNELS, LOGIN, SEND_MESSAGE } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';

let server: TestServer;
let ada: SignedIn;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  ada = await login(server.httpUrl, 'Ada');
  await postGraphQL(server.httpUrl, SEND_MESSAGE, { channelId: '1', body: 'keep me' }, { token: ada.token });
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await server.dispose();
});

/** Every error a client may see: a code, a sentence, and nothing of our insides. */
function expectCleanError(errors: readonly GraphQLFormattedError[] | undefined, code: string) {
  expect(errors, 'an error was expected').toBeDefined();
  const [error] = errors!;
  expect(error!.extensions?.code).toBe(code);
  expect(error!.message.length).toBeGreaterThan(5);
  expect(error!.extensions).not.toHaveProperty('stacktrace');
  expect(error!.extensions).not.toHaveProperty('exception');
  expect(JSON.stringify(errors)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules|SqliteError|TypeError/);
}

const asAda = (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(server.httpUrl, query, variables, { token: ada.token });

describe('bad names', () => {
  it.each([
    ['an empty name', ''],
    ['only spaces', '   '],
    ['33 characters', 'n'.repeat(33)],
    ['33 emoji-free letters of another script', 'ж'.repeat(33)],
    ['a control character', 'ada\u0000'],
    ['a line break', 'ada\nlovelace'],
    ['a tab', 'ada\tlovelace'],
    ['punctuation', 'ada!'],
    ['an emoji', 'ada🎉'],
    ['a bidi override', 'ada\u202Eevil'],
    ['a zero-width joiner', 'ad\u200Da'],
  ])('should refuse a name with %s', async (_what, name) => {
    const response = await postGraphQL(server.httpUrl, LOGIN, { name });
    expectCleanError(response.errors, 'BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe('name');
  });

  it('should accept names of 32 characters with letters of any script, digits, spaces and _ - .', async () => {
    for (const name of ['n'.repeat(32), 'ж'.repeat(32), 'José_María-2.0', '李 小龍', 'Zoë O.Neil']) {
      const response = await postGraphQL(server.httpUrl, LOGIN, { name });
      expect(response.errors, name).toBeUndefined();
    }
  });
});

describe('bad ids', () => {
  it('should answer NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    expectCleanError((await asAda(SEND_MESSAGE, { channelId: '424242', body: 'x' })).errors, 'NOT_FOUND');
    for (const id of ['abc', '1; DROP TABLE messages', '0x1', '１', '1 ', 'NaN', '9'.repeat(40)])
      expectCleanError((await asAda(SEND_MESSAGE, { channelId: id, body: 'x' })).errors, 'BAD_USER_INPUT');
  });
});

describe('bad requests', () => {
  it('should refuse variables of the wrong type', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [SEND_MESSAGE, { channelId: '1', body: 42 }],
      [SEND_MESSAGE, { channelId: '1', body: { text: 'hi' } }],
      [SEND_MESSAGE, { channelId: true, body: 'hi' }],
      [SEND_MESSAGE, { channelId: '1' }],
      [SEND_MESSAGE, { channelId: '1', body: 'hi', clientId: ['a'] }],
      [CHANNEL, { id: '1', last: 'ten' }],
      [CHANNEL, { id: '1', last: 2.5 }],
      [CHANNEL, { id: '1', last: 2 ** 40 }],
      [LOGIN, { name: null }],
    ];
    for (const [query, variables] of cases) {
      const response = await asAda(query, variables);
      expectCleanError(response.errors, 'BAD_USER_INPUT');
      expect(response.status).toBe(400);
    }
  });

  it('should refuse a query that does not parse or asks for fields that do not exist', async () => {
    for (const query of [
      '{ channels { id ',
      'mutation { sendMessage }',
      '{ nothingHere }',
      '{ channels { id password } }',
      'subscription { nope }',
      '',
    ]) {
      const response = await asAda(query);
      expectCleanError(response.errors, 'BAD_USER_INPUT');
    }
  });

  it('should point a subscription sent over HTTP to the WebSocket endpoint', async () => {
    for (const query of [
      'subscription { channelAdded { id } }',
      'subscription { messageAdded(channelId: "1") { id } }',
      'subscription { directMessageAdded { id } }',
      'subscription { presenceChanged { id } }',
    ]) {
      const response = await asAda(query);
      expectCleanError(response.errors, 'BAD_USER_INPUT');
      expect(response.errors![0]!.message).toMatch(/WebSocket/);
    }
  });

  it('should refuse a body that is not JSON', async () => {
    const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: GraphQLFormattedError[] };
    expectCleanError(body.errors, 'BAD_USER_INPUT');
  });

  it('should refuse a JSON body that is not a GraphQL request', async () => {
    for (const body of ['[]', '42', '{"query": 42}', '{"query": "{ me { id } }", "variables": "nope"}']) {
      const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status, body).toBe(400);
      expect(await response.text()).not.toMatch(/\n\s+at /);
    }
  });

  it('should refuse methods other than GET and POST', async () => {
    const response = await fetch(server.httpUrl, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  it('should not run mutations over GET', async () => {
    const query = encodeURIComponent('mutation { login(name: "via-get") { token } }');
    const response = await fetch(`${server.httpUrl}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
    const again = await postGraphQL(server.httpUrl, LOGIN, { name: 'via-get' });
    expect(again.errors).toBeUndefined();
  });

  it('should refuse a query over GET that could be a cross-site request', async () => {
    const response = await fetch(`${server.httpUrl}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
  });

  it('should answer bad input over WebSocket the same way', async () => {
    const socket = openSocket(server.wsUrl, { authToken: ada.token });
    sockets.push(socket);
    expectCleanError((await socket.execute(SEND_MESSAGE, { channelId: '1', body: 42 })).errors, 'BAD_USER_INPUT');
    expectCleanError((await socket.execute(SEND_MESSAGE, { channelId: 'x', body: 'hi' })).errors, 'BAD_USER_INPUT');
    expectCleanError((await socket.execute('{ channels { id ')).errors, 'BAD_USER_INPUT');
    expectCleanError((await socket.execute('{ nothingHere }')).errors, 'BAD_USER_INPUT');
    expectCleanError((await socket.execute(SEND_MESSAGE, { channelId: '1', body: '' })).errors, 'BAD_USER_INPUT');
    expect((await socket.execute(CHANNELS)).errors).toBeUndefined();
  });

  it('should have harmed nothing stored', async () => {
    const response = await asAda(CHANNEL, { id: '1' });
    expect(response.data.channel.messages.map((message: { body: string }) => message.body)).toEqual(['keep me']);
    expect(errorCode(await asAda(CHANNELS))).toBeUndefined();
  });
});
