import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, postGraphQL } from '../support/http-client.js';
import { CHANNEL, SEND_MESSAGE } from '../support/operations.js';

const UNAVAILABLE_MESSAGE = 'The server cannot store messages right now. Try again in a moment.';

describe('a database that cannot store', () => {
  // Reading back every stored message costs more than the default query cost limit allows.
  const chat = useChatServer({ users: { ada: 'Ada' }, env: { MESSAGE_LIMIT: '100000', QUERY_COST_LIMIT: '0' } });
  /** The server's own SQLite connection: max_page_count holds per connection. */
  const sqlite = () => chat.server.server.store as unknown as SqliteStore;
  const health = async () => (await fetch(`${chat.server.url}/healthz`)).status;
  const send = (body: string) => postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId: '1', body }, { token: chat.users.ada.token });
  const stored = async () => {
    const response = await postGraphQL(chat.server.httpUrl, CHANNEL, { id: '1', last: 100_000 }, { token: chat.users.ada.token });
    return (response.data.channel.messages as { id: string; body: string }[]).map((message) => message.body);
  };

  it('should answer 503 and UNAVAILABLE with retryAfterMs while full, then recover by itself once there is room, losing nothing', async () => {
    const acknowledged: string[] = [];
    for (const body of ['before 1', 'before 2']) {
      expect((await send(body)).errors).toBeUndefined();
      acknowledged.push(body);
    }
    expect(await health()).toBe(200);

    // The file may not grow past its current size: the disk is full, as far as SQLite can tell.
    const pages = await sqlite().pragma('page_count');
    expect(await sqlite().pragma(`max_page_count = ${pages}`)).toBe(pages);
    let refused;
    for (let i = 0; i < 200 && !refused; i++) {
      const body = `filler ${i} ${'x'.repeat(3900)}`;
      const response = await send(body);
      if (response.errors) refused = response;
      else acknowledged.push(body);
    }
    expect(refused, 'a send refused once the file is full').toBeDefined();
    expect(refused!.status).toBe(200);
    expect(refused!.errors).toHaveLength(1);
    expect(refused!.errors![0]).toMatchObject({
      message: UNAVAILABLE_MESSAGE,
      extensions: { code: 'UNAVAILABLE', retryAfterMs: expect.any(Number) },
    });
    expect(refused!.errors![0]!.extensions!.retryAfterMs as number).toBeGreaterThan(0);
    expect(await health()).toBe(503);

    // The same over WebSocket.
    const socket = chat.open(chat.users.ada.token);
    const overSocket = await socket.execute(SEND_MESSAGE, { channelId: '1', body: `too much ${'y'.repeat(3900)}` });
    expect(overSocket.errors?.[0]).toMatchObject({ message: UNAVAILABLE_MESSAGE, extensions: { code: 'UNAVAILABLE' } });

    // Reads still work, and everything acknowledged is there.
    expect(await stored()).toEqual(acknowledged);
    expect(await health()).toBe(503);

    // Room is made: no restart, no action of the client but its retry.
    await sqlite().pragma('max_page_count = 1073741823');
    expect(await health()).toBe(200);
    const retried = await send('after the disk was freed');
    expect(retried.errors).toBeUndefined();
    acknowledged.push('after the disk was freed');
    expect(await stored()).toEqual(acknowledged);
  });

  it('should keep giving UNAVAILABLE, not a generic error, for every write while full', async () => {
    const pages = await sqlite().pragma('page_count');
    await sqlite().pragma(`max_page_count = ${pages}`);
    try {
      let response;
      for (let i = 0; i < 200; i++) {
        response = await send(`filler again ${i} ${'z'.repeat(3900)}`);
        if (response.errors) break;
      }
      expect(errorCode(response!)).toBe('UNAVAILABLE');
      expect(errorCode(await send(`one more ${'z'.repeat(3900)}`))).toBe('UNAVAILABLE');
    } finally {
      await sqlite().pragma('max_page_count = 1073741823');
    }
    expect(await health()).toBe(200);
  });

  it('should answer 503 while another program holds the database locked, and 200 once it lets go', async () => {
    const other = new Database(join(chat.tempDir, 'chat.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      expect(await health()).toBe(503);
      other.exec('COMMIT');
      expect(await health()).toBe(200);
    } finally {
      other.close();
    }
  });
});
