import type { DirectMessage } from './models.js';
import { Topic, type EventBus } from './ports/events.port.js';

/**
 * Follows the direct messages of the users typing one on this instance, so
 * that a direct message sent through another instance ends the typing at
 * once (channels need none of this: every instance follows the stream of all
 * channels' messages). One subscription per such user, to their own stream
 * of direct messages, taken when their first direct typing starts here and
 * let go with the last: no cost for anyone not typing a direct message.
 */
export class DirectSendFollower {
  private readonly followed = new Map<string, { count: number; stream: Promise<AsyncIterableIterator<DirectMessage>> }>();

  constructor(
    private readonly bus: EventBus,
    /** A direct message the followed user sent, wherever it was sent. */
    private readonly onSent: (message: DirectMessage) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** One more direct typing of `userId` held here. */
  follow(userId: string): void {
    const entry = this.followed.get(userId);
    if (entry) {
      entry.count++;
      return;
    }
    const stream = this.bus.subscribe(Topic.DirectMessageAdded, userId);
    this.followed.set(userId, { count: 1, stream });
    stream
      .then(async (messages) => {
        for await (const message of messages) if (message.from.id === userId) this.onSent(message);
      })
      .catch(this.onError);
  }

  /** One fewer; the subscription goes with the last. */
  unfollow(userId: string): void {
    const entry = this.followed.get(userId);
    if (!entry || --entry.count > 0) return;
    this.followed.delete(userId);
    void entry.stream.then((messages) => messages.return?.()).catch(this.onError);
  }

  /** How many users are followed: for specs. */
  get size(): number {
    return this.followed.size;
  }

  async close(): Promise<void> {
    const entries = [...this.followed.values()];
    this.followed.clear();
    await Promise.allSettled(entries.map(async (entry) => (await entry.stream).return?.()));
  }
}
