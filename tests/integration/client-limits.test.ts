import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, postGraphQL, type GraphQLResponse, type SignedIn } from '../support/http-client.js';
import { CREATE_CHANNEL, LOGIN, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A server of its own for each group, with the limits it exercises set low. */
function serverWith(env: Record<string, string>) {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(env);
  });
  afterAll(async () => {
    await server?.dispose();
  });
  return () => server!;
}

const loginFrom = (server: TestServer, name: string, forwardedFor?: string) =>
  postGraphQL(server.httpUrl, LOGIN, { name }, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

async function signIn(server: TestServer, name: string, forwardedFor?: string): Promise<SignedIn> {
  const response = await loginFrom(server, name, forwardedFor);
  if (!response.data?.login) throw new Error(`login(${name}) failed: ${JSON.stringify(response.errors)}`);
  return { ...response.data.login, cookie: '' };
}

function expectRateLimited(response: GraphQLResponse, message: RegExp, maxRetryAfterMs: number): void {
  expect(errorCode(response)).toBe('RATE_LIMITED');
  expect(response.errors![0]!.message).toMatch(message);
  const retryAfterMs = response.errors![0]!.extensions!.retryAfterMs as number;
  expect(retryAfterMs).toBeGreaterThan(0);
  expect(retryAfterMs).toBeLessThanOrEqual(maxRetryAfterMs);
}

describe('sign-ins per address, with TRUST_PROXY off', () => {
  const server = serverWith({ LOGIN_BURST: '3', LOGIN_RATE_PER_MINUTE: '1' });

  it('should refuse the sign-in after the burst with RATE_LIMITED and when to retry, whatever X-Forwarded-For says', async () => {
    for (const [n, forwarded] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries())
      expect((await loginFrom(server(), `early-${n}`, forwarded)).errors).toBeUndefined();
    const refused = await loginFrom(server(), 'one-too-many', '198.51.100.4');
    expectRateLimited(refused, /Too many sign-ins from your network/, 60_000);
    expect(refused.data?.login ?? null).toBeNull();
  });

  it('should count refused sign-ins too, so that names cannot be probed at speed', async () => {
    expect(errorCode(await loginFrom(server(), 'early-0'))).toBe('RATE_LIMITED');
  });
});

describe('sign-ins per address, with TRUST_PROXY=loopback', () => {
  const server = serverWith({ TRUST_PROXY: 'loopback', LOGIN_BURST: '2', LOGIN_RATE_PER_MINUTE: '1' });

  it('should believe X-Forwarded-For from a trusted proxy and keep a bucket per forwarded client', async () => {
    expect((await loginFrom(server(), 'p1', '203.0.113.1')).errors).toBeUndefined();
    expect((await loginFrom(server(), 'p2', '203.0.113.1')).errors).toBeUndefined();
    expectRateLimited(await loginFrom(server(), 'p3', '203.0.113.1'), /sign-ins/, 60_000);
    expect((await loginFrom(server(), 'p3', '203.0.113.2')).errors).toBeUndefined();
    expect((await loginFrom(server(), 'p4', '10.9.8.7, 203.0.113.3')).errors).toBeUndefined();
  });
});

describe('channel creations', () => {
  const server = serverWith({
    USER_CHANNEL_BURST: '2',
    USER_CHANNEL_RATE_PER_HOUR: '1',
    ADDRESS_CHANNEL_BURST: '3',
    ADDRESS_CHANNEL_RATE_PER_HOUR: '1',
  });
  const create = (who: SignedIn, name: string) => postGraphQL(server().httpUrl, CREATE_CHANNEL, { name }, { token: who.token });

  it('should refuse a user past their burst, then every user of the address past its own', async () => {
    const ada = await signIn(server(), 'Ada');
    const bob = await signIn(server(), 'Bob');
    expect((await create(ada, 'ada-1')).errors).toBeUndefined();
    expect((await create(ada, 'ada-2')).errors).toBeUndefined();
    expectRateLimited(await create(ada, 'ada-3'), /You are creating channels too fast/, 3_600_000);
    expect((await create(bob, 'bob-1')).errors).toBeUndefined();
    expectRateLimited(await create(bob, 'bob-2'), /from your network/, 3_600_000);
    const names = (await postGraphQL(server().httpUrl, `{ channels { name } }`, {}, { token: bob.token })).data.channels;
    expect(names.map((channel: { name: string }) => channel.name).sort()).toEqual(['ada-1', 'ada-2', 'bob-1', 'general']);
  });
});

describe('messages per address', () => {
  const server = serverWith({ ADDRESS_SEND_BURST: '3', ADDRESS_SEND_RATE_PER_SECOND: '1' });

  it('should sum the messages of every user behind one address, channels and direct messages alike', async () => {
    const names = ['Throwaway1', 'Throwaway2', 'Throwaway3', 'Throwaway4'];
    const users = [];
    for (const name of names) users.push(await signIn(server(), name));
    const send = (who: SignedIn, body: string) =>
      postGraphQL(server().httpUrl, SEND_MESSAGE, { channelId: '1', body }, { token: who.token });
    expect((await send(users[0]!, 'one')).errors).toBeUndefined();
    expect((await send(users[1]!, 'two')).errors).toBeUndefined();
    expect((await send(users[2]!, 'three')).errors).toBeUndefined();
    expectRateLimited(await send(users[3]!, 'four'), /Too many messages are being sent from your network/, 1000);
    const dm = await postGraphQL(server().httpUrl, SEND_DIRECT, { to: 'Throwaway1', body: 'dm' }, { token: users[3]!.token });
    expect(errorCode(dm)).toBe('RATE_LIMITED');
  });
});

describe('new conversations per user', () => {
  const server = serverWith({ NEW_CONVERSATIONS_PER_HOUR: '2' });
  const dm = (from: SignedIn, to: string, body = 'hello') =>
    postGraphQL(server().httpUrl, SEND_DIRECT, { to, body }, { token: from.token });

  it('should limit first messages to new people, and never messages to people already written with', async () => {
    const [ada, bob, , dan, eve] = await Promise.all(['Ada', 'Bob', 'Cy', 'Dan', 'Eve'].map((name) => signIn(server(), name)));
    expect((await dm(eve!, 'Ada', 'hi Ada')).errors).toBeUndefined();
    expect((await dm(ada!, 'Bob')).errors).toBeUndefined();
    expect((await dm(ada!, 'Cy')).errors).toBeUndefined();
    expectRateLimited(await dm(ada!, 'Dan'), /too many new conversations/, 3_600_000);
    expect((await dm(ada!, 'Bob', 'again')).errors).toBeUndefined();
    expect((await dm(ada!, 'Eve', 'a reply')).errors).toBeUndefined();
    expect((await dm(bob!, 'Ada', 'a reply')).errors).toBeUndefined();
    expect((await dm(dan!, 'Cy')).errors).toBeUndefined();
  });
});
