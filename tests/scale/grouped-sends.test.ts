import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { login, type SignedIn } from '../support/http-client.js';
import { CHANNEL, CREATE_CHANNEL, MESSAGE_ADDED, SEND_MESSAGE } from '../support/operations.js';
import { waitFor } from '../support/wait.js';
import { servicesAvailable } from '../store/test-services.js';
import { useTwoInstances } from './scale-fixtures.js';

const available = await servicesAvailable('The grouped-sends tests', { postgres: true, redis: true });
const SENDS = 200;

describe.skipIf(!available)('many sends in flight to one channel on PostgreSQL', () => {
  const instances = useTwoInstances({
    MESSAGE_LIMIT: String(SENDS),
    SEND_BURST: String(SENDS),
    ADDRESS_SEND_BURST: String(SENDS),
  });

  it('should acknowledge, store and deliver every one to a subscriber on the other instance, in id order, once each', async () => {
    const { a, b, cluster, call, open } = instances;
    const [hal, ivy]: SignedIn[] = [await login(a.httpUrl, 'Hal'), await login(b.httpUrl, 'Ivy')];
    const channelId = (await call(a, hal, CREATE_CHANNEL, { name: 'busy room' })).createChannel.id as string;
    const onB = open(b, ivy).subscribe(MESSAGE_ADDED, { channelId });
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 1);

    const sent = await Promise.all(
      Array.from({ length: SENDS }, async (_, n) => (await call(a, hal, SEND_MESSAGE, { channelId, body: `m${n}` })).sendMessage),
    );
    const sentIds = sent.map((message: { id: string }) => Number(message.id)).sort((x, y) => x - y);
    expect(new Set(sentIds).size).toBe(SENDS);

    const received: number[] = [];
    for (let i = 0; i < SENDS; i++) received.push(Number((await onB.next()).data.messageAdded.id));
    expect(received).toEqual(sentIds);

    const kept = await call(b, ivy, CHANNEL, { id: channelId, last: SENDS });
    expect((kept.channel.messages as { id: string }[]).map((message) => Number(message.id))).toEqual(sentIds);

    const database = new pg.Client({ connectionString: cluster.database.url });
    await database.connect();
    try {
      // Sends in flight together shared transactions (a row's xmin is the transaction that wrote it).
      const transactions = await database.query<{ n: string }>(
        'SELECT count(DISTINCT xmin::text) AS n FROM messages WHERE channel_id = $1',
        [channelId],
      );
      expect(Number(transactions.rows[0]!.n)).toBeLessThan(SENDS);
      // And every entry was published and removed.
      await waitFor(
        async () => Number((await database.query('SELECT count(*) AS n FROM event_outbox')).rows[0].n) === 0,
        'an empty outbox',
      );
    } finally {
      await database.end();
    }
  });
});
