import { describe, expect, it } from 'vitest';
import { login } from '../support/http-client.js';
import {
  DIRECT_UPDATED,
  EDIT_DIRECT,
  EDIT_MESSAGE,
  MESSAGE_UPDATED,
  REACT,
  SEND_DIRECT_TRACKED,
  SEND_TRACKED,
} from '../support/message-change-operations.js';
import { CREATE_CHANNEL } from '../support/operations.js';
import { servicesAvailable } from '../store/test-services.js';
import { useTwoInstances } from './scale-fixtures.js';

const available = await servicesAvailable('The scale-out tests of message changes', { postgres: true, redis: true });

describe.skipIf(!available)('message changes across two instances on one PostgreSQL and one Redis', () => {
  const instances = useTwoInstances();
  const { open, call } = instances;

  it('should deliver an edit and a reaction made on one instance to a subscriber on the other, in order', async () => {
    const [ada, bob] = [await login(instances.a.httpUrl, 'Ada'), await login(instances.b.httpUrl, 'Bob')];
    const channelId = (await call(instances.a, ada, CREATE_CHANNEL, { name: 'across' })).createChannel.id;
    const sent = (await call(instances.a, ada, SEND_TRACKED, { channelId, body: 'hello' })).sendMessage;
    const onB = open(instances.b, bob).subscribe(MESSAGE_UPDATED, { channelId });
    await instances.cluster.waitForSubscribers(`MESSAGE_UPDATED:${channelId}`, 1);

    const edited = (await call(instances.a, ada, EDIT_MESSAGE, { channelId, id: sent.id, body: 'hello, B' })).editMessage;
    const reacted = (await call(instances.a, ada, REACT, { channelId, messageId: sent.id, emoji: '👋', on: true })).react;
    expect((await onB.next()).data!.messageUpdated).toEqual(edited);
    expect((await onB.next()).data!.messageUpdated).toEqual(reacted);
    expect(reacted.version).toBe(3);
  });

  it('should deliver a direct message’s edit to its recipient on the other instance', async () => {
    const [cy, dee] = [await login(instances.a.httpUrl, 'Cy'), await login(instances.b.httpUrl, 'Dee')];
    const onB = open(instances.b, dee).subscribe(DIRECT_UPDATED);
    await instances.cluster.waitForSubscribers(`DIRECT_MESSAGE_UPDATED:${dee.user.id}`, 1);
    const sent = (await call(instances.a, cy, SEND_DIRECT_TRACKED, { to: 'Dee', body: 'hi' })).sendDirectMessage;
    const edited = (await call(instances.a, cy, EDIT_DIRECT, { id: sent.id, body: 'hi Dee' })).editDirectMessage;
    expect((await onB.next()).data!.directMessageUpdated).toEqual(edited);
  });
});
