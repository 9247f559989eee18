import { describe, expect, it } from 'vitest';
import { login } from '../support/http-client.js';
import { CREATE_CHANNEL, SEND_MESSAGE } from '../support/operations.js';
import { CHANNEL_WITH_COUNTS, MARK_READ, READ_MARKER_MOVED } from '../support/read-marker-operations.js';
import { servicesAvailable } from '../store/test-services.js';
import { useTwoInstances } from './scale-fixtures.js';

const available = await servicesAvailable('The scale-out tests of read markers', { postgres: true, redis: true });

describe.skipIf(!available)('read markers across two instances on one PostgreSQL and one Redis', () => {
  const instances = useTwoInstances();
  const { open, call } = instances;

  it("should tell the user's session on the other instance that a marker moved, and agree on the counts there", async () => {
    const [ada, bob] = [await login(instances.a.httpUrl, 'Ada'), await login(instances.b.httpUrl, 'Bob')];
    const channelId = (await call(instances.a, bob, CREATE_CHANNEL, { name: 'read across' })).createChannel.id;
    await call(instances.a, bob, SEND_MESSAGE, { channelId, body: 'one' });
    const second = (await call(instances.b, bob, SEND_MESSAGE, { channelId, body: 'two @Ada' })).sendMessage;
    const onB = open(instances.b, ada).subscribe(READ_MARKER_MOVED);
    await instances.cluster.waitForSubscribers(`READ_MARKER_MOVED:${ada.user.id}`, 1);

    expect((await call(instances.b, ada, CHANNEL_WITH_COUNTS, { id: channelId })).channel).toMatchObject({
      unreadCount: 2,
      mentionCount: 1,
    });
    await call(instances.a, ada, MARK_READ, { channelId, messageId: second.id });
    expect((await onB.next()).data!.readMarkerMoved).toEqual({
      channelId,
      with: null,
      lastReadId: second.id,
      unreadCount: 0,
      mentionCount: 0,
    });
    expect((await call(instances.b, ada, CHANNEL_WITH_COUNTS, { id: channelId })).channel).toEqual({
      id: channelId,
      lastReadId: second.id,
      unreadCount: 0,
      mentionCount: 0,
    });
  });

  it("should announce a send's marker move to the sender's session on the other instance", async () => {
    const cy = await login(instances.a.httpUrl, 'Cy');
    const channelId = (await call(instances.a, cy, CREATE_CHANNEL, { name: 'sent across' })).createChannel.id;
    const onB = open(instances.b, cy).subscribe(READ_MARKER_MOVED);
    await instances.cluster.waitForSubscribers(`READ_MARKER_MOVED:${cy.user.id}`, 1);
    const sent = (await call(instances.a, cy, SEND_MESSAGE, { channelId, body: 'from A' })).sendMessage;
    expect((await onB.next()).data!.readMarkerMoved).toMatchObject({ channelId, lastReadId: sent.id, unreadCount: 0 });
  });
});
