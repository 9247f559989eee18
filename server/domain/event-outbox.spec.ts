import { describe, expect, it } from 'vitest';
import { EventOutbox, ImmediateDelivery, type OutgoingEvent } from './event-outbox.js';
import { Topic, type EventBus } from './ports/events.port.js';
import type { OutboxEntry, Store } from './ports/store.port.js';
import { FakeClock } from './testing/fake-clock.js';

/** A bus that records publishes in the order they were issued, and answers them only when told. */
function heldBus() {
  const issued: unknown[] = [];
  const answers: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const bus = {
    publish: (_topic: string, payload: unknown) =>
      new Promise<void>((resolve, reject) => {
        issued.push(payload);
        answers.push({ resolve, reject });
      }),
  } as unknown as EventBus;
  return { bus, issued, answers };
}

/** An outbox table in memory: what the relay reads and what it removes, with each call's ids. */
function outboxStore(entries: OutboxEntry[]) {
  const removals: string[][] = [];
  const store = {
    pendingEvents: async (_before: Date, limit: number) => entries.slice(0, limit),
    removeEvents: async (ids: readonly string[]) => {
      removals.push([...ids]);
      entries.splice(0, entries.length, ...entries.filter((entry) => !ids.includes(entry.id)));
    },
  } as unknown as Store;
  return { store, removals, entries };
}

/** Payloads are plain strings here: what goes out, in which order, is all these specs look at. */
const event = (payload: string) => ({ topic: Topic.MessageAdded, payload, scope: '1' }) as unknown as OutgoingEvent;
const entry = (id: string, payloads: string[]): OutboxEntry => ({ id, events: payloads.map(event) });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('EventOutbox', () => {
  it("should publish a group's events all at once, in order, and hand back its entries for the store to forget", async () => {
    const { bus, issued, answers } = heldBus();
    const { store, removals } = outboxStore([]);
    const outbox = new EventOutbox(store, bus, {}, new FakeClock().now);
    const delivered = outbox.deliverAll([
      { entry: { id: '1', olderPending: false }, events: [event('1a'), event('1b')] },
      // A group mate sees the first as older: the group's first entry speaks for it.
      { entry: { id: '2', olderPending: true }, events: [event('2a')] },
    ]);
    // Every publish is issued before any is answered.
    expect(issued).toEqual(['1a', '1b', '2a']);
    expect(removals).toEqual([]);
    for (const answer of answers) answer.resolve();
    expect(await delivered).toEqual(['1', '2']);
    // The store forgets them, under its locks still.
    expect(removals).toEqual([]);
  });

  it('should remove the entry of a send announced alone once its events are published', async () => {
    const { bus, answers } = heldBus();
    const { store, removals } = outboxStore([]);
    const outbox = new EventOutbox(store, bus, {}, new FakeClock().now);
    const delivered = outbox.deliver({ id: '4', olderPending: false }, [event('4a')]);
    await settle();
    expect(removals).toEqual([]);
    answers[0]!.resolve();
    await delivered;
    expect(removals).toEqual([['4']]);
  });

  it('should leave a whole group to the relay when an entry older than its first waits', async () => {
    const { bus, issued, answers } = heldBus();
    const { store, removals } = outboxStore([entry('1', ['old']), entry('2', ['2a']), entry('3', ['3a'])]);
    const outbox = new EventOutbox(store, bus, {}, new FakeClock().now);
    const forget = await outbox.deliverAll([
      { entry: { id: '2', olderPending: true }, events: [event('2a')] },
      { entry: { id: '3', olderPending: true }, events: [event('3a')] },
    ]);
    expect(forget).toEqual([]);
    await settle();
    // The relay publishes the older entry first, then the group, in one round.
    expect(issued).toEqual(['old', '2a', '3a']);
    for (const answer of answers) answer.resolve();
    await outbox.close();
    expect(removals).toEqual([['1', '2', '3']]);
  });

  it('should remove nothing of a round whose publish fails, and publish it again in order, from its first entry', async () => {
    const { bus, issued, answers } = heldBus();
    const { store, removals, entries } = outboxStore([entry('1', ['1a']), entry('2', ['2a'])]);
    const errors: unknown[] = [];
    const outbox = new EventOutbox(store, bus, { onError: (error) => errors.push(error) }, new FakeClock().now);
    await outbox.deliver({ id: '3', olderPending: true }, [event('3a')]);
    await settle();
    expect(issued).toEqual(['1a', '2a']);
    answers[0]!.resolve();
    answers[1]!.reject(new Error('Redis went away'));
    await settle();
    expect(removals).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(entries.map((left) => left.id)).toEqual(['1', '2']);

    await outbox.deliver({ id: '3', olderPending: true }, [event('3a')]);
    await settle();
    expect(issued).toEqual(['1a', '2a', '1a', '2a']);
    for (const answer of answers.slice(2)) answer.resolve();
    await outbox.close();
    expect(removals).toEqual([['1', '2']]);
  });
});

describe('ImmediateDelivery', () => {
  it("should publish a group's events in order, with no outbox", async () => {
    const { bus, issued, answers } = heldBus();
    const delivered = new ImmediateDelivery(bus).deliverAll([
      { entry: { id: '1', olderPending: false }, events: [event('1a')] },
      { entry: { id: '2', olderPending: false }, events: [event('2a'), event('2b')] },
    ]);
    expect(issued).toEqual(['1a', '2a', '2b']);
    for (const answer of answers) answer.resolve();
    await delivered;
  });
});
