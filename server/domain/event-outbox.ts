import type { EventBus } from './ports/events.port.js';
import type { Topic, TopicPayloads } from './ports/events.port.js';
import type { Delivery, GroupDelivery, OutboxEntry, OutboxEvent, Store, WrittenOutboxEntry } from './ports/store.port.js';
import type { Clock } from './ports/clock.port.js';

export interface EventOutboxOptions {
  /** How long a send has to publish its own entry before any instance's relay takes it over. Default 2 s. */
  takeOverAfterMs?: number;
  /** How often the relay looks for entries left behind (by a failed publish here, or an instance that died). Default 1 s. */
  pollMs?: number;
  /** Told when publishing starts to fail (once, until it works again); the entries stay and are retried. */
  onError?: (error: unknown) => void;
}

/** An event as a service announces it. */
export type OutgoingEvent = { [K in Topic]: { topic: K; payload: TopicPayloads[K]; scope?: string } }[Topic];

/**
 * How the events of a committed message go out: what the message and
 * direct-message services use. `deliverAll` is the same for the writes of
 * one group commit (see GroupDelivery), which a store may use instead.
 */
export interface EventDelivery extends GroupDelivery {
  /** Whether a send writes its events to the outbox with its message. */
  readonly durable: boolean;
  /** After the commit, under the send's ordering lock. */
  deliver(entry: WrittenOutboxEntry | null, events: readonly OutgoingEvent[]): Promise<void>;
}

/** Within one process publishing cannot fail: events go out at once, with no outbox. */
export class ImmediateDelivery implements EventDelivery {
  readonly durable = false;
  constructor(private readonly bus: EventBus) {}
  deliver(_entry: WrittenOutboxEntry | null, events: readonly OutgoingEvent[]): Promise<void> {
    return publishInOrder(this.bus, [events]);
  }
  async deliverAll(deliveries: readonly Delivery[]): Promise<readonly string[]> {
    await publishInOrder(
      this.bus,
      deliveries.map((delivery) => delivery.events),
    );
    return deliveries.map((delivery) => delivery.entry.id);
  }
}

/**
 * Publishes every event of every message, all issued before any is awaited:
 * one transport connection keeps the order they were issued in (ioredis
 * does), so they leave in order in one go instead of a round trip each.
 */
const publishInOrder = async (bus: EventBus, messages: readonly (readonly OutboxEvent[])[]) => {
  const published: Promise<void>[] = [];
  for (const events of messages as readonly (readonly OutgoingEvent[])[])
    for (const event of events) published.push(bus.publish(event.topic, event.payload as never, event.scope));
  await Promise.all(published);
};

const ENTRIES_PER_ROUND = 100;

/**
 * Delivery after commit, as a transactional outbox: a message acknowledged to
 * its sender always reaches live subscribers, even when the event transport
 * (Redis) fails for a moment.
 *
 * The events of each message are written to the outbox in the same
 * transaction as the message. After the commit, still under the send's
 * ordering lock, the send publishes them itself and removes the entry, unless
 * an older entry is still waiting: then it leaves its own to the relay, so
 * that nothing overtakes it. A publish that fails leaves the entry too. The
 * relay of every instance publishes waiting entries in id order, retrying
 * until the transport confirms, so an entry left by an instance that died
 * goes out as well. An event may then be published twice; subscribers drop
 * what they have already seen by id (see resume.ts), so they see it once.
 *
 * Only for a transport that can fail: within one process, publishing cannot.
 */
export class EventOutbox implements EventDelivery {
  readonly durable = true;
  private readonly takeOverAfterMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** While publishing fails, failures are reported once, not every round. */
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly options: EventOutboxOptions = {},
    private readonly clock: Clock = () => new Date(),
  ) {
    this.takeOverAfterMs = options.takeOverAfterMs ?? 2000;
    this.pollMs = options.pollMs ?? 1000;
  }

  /** Starts the relay. */
  start(): void {
    this.timer = setInterval(() => this.relay(false), this.pollMs);
    this.timer.unref();
  }

  /** After a send's commit, under its ordering lock: publishes its entry, or leaves it to the relay. */
  async deliver(entry: WrittenOutboxEntry | null, events: readonly OutgoingEvent[]): Promise<void> {
    if (entry === null) return publishInOrder(this.bus, [events]);
    const published = await this.deliverAll([{ entry, events }]);
    if (published.length > 0) await this.store.removeEvents(published).catch((error: unknown) => this.failed(error));
  }

  /**
   * After a group's commit, under its ordering locks: publishes the events
   * of all its entries in one go and hands their ids back for the store to
   * forget, or leaves them all to the relay when an entry older than the
   * group's first still waits, or when a publish fails (some may have gone
   * out: the relay publishes them again, and subscribers drop them by id).
   */
  async deliverAll(deliveries: readonly Delivery[]): Promise<readonly string[]> {
    if (deliveries.length === 0) return [];
    if (deliveries[0]!.entry.olderPending) return this.leftToRelay();
    try {
      await publishInOrder(
        this.bus,
        deliveries.map((delivery) => delivery.events),
      );
    } catch (error) {
      this.failed(error);
      return this.leftToRelay();
    }
    return deliveries.map((delivery) => delivery.entry.id);
  }

  private async leftToRelay(): Promise<readonly string[]> {
    await this.relay(true);
    return [];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * One relay at a time per instance, rounds back to back while there is
   * work. `now` also takes fresh entries: a send here just left one behind.
   */
  private relay(now: boolean): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again ||= now;
      return Promise.resolve();
    }
    this.running = (async () => {
      let fresh = now;
      try {
        do {
          this.again = false;
          await this.round(fresh);
          fresh = this.again;
        } while (fresh && !this.closed);
        this.failing = false;
      } catch (error) {
        this.failed(error);
      } finally {
        this.running = null;
      }
    })();
    // The send that woke the relay is acknowledged at once: its entry is safe in the outbox.
    return Promise.resolve();
  }

  /**
   * Publishes waiting entries oldest first, a batch in one go, then removes
   * the batch in one statement. A failed publish stops the round and removes
   * nothing of its batch: the next round publishes it again, in order, from
   * its first entry (subscribers drop what they have already seen by id).
   */
  private async round(fresh: boolean): Promise<void> {
    const before = fresh ? new Date(this.clock().getTime() + 1) : new Date(this.clock().getTime() - this.takeOverAfterMs);
    let entries: OutboxEntry[];
    do {
      entries = await this.store.pendingEvents(before, ENTRIES_PER_ROUND);
      if (entries.length === 0) return;
      await publishInOrder(
        this.bus,
        entries.map((entry) => entry.events),
      );
      await this.store.removeEvents(entries.map((entry) => entry.id));
    } while (entries.length === ENTRIES_PER_ROUND && !this.closed);
  }

  private failed(error: unknown): void {
    if (!this.failing) this.options.onError?.(error);
    this.failing = true;
  }
}
