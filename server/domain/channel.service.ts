import type { EventBus, EventStream } from './ports/events.port.js';
import { Topic } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import { DomainError, ErrorCode } from './errors.js';
import type { Channel, ClientInfo, User } from './models.js';
import { addressKey, userKey, type RateLimiter } from './rate-limiter.js';
import { nameKey, nameSkeleton, normalizeChannelName, parseId } from './text-rules.js';
import type { Clock } from './ports/clock.port.js';

/** How many channels `get` remembers; past it, the longest-known is forgotten. */
const KNOWN_CHANNELS = 10_000;

export class ChannelService {
  /**
   * Channels found by `get`: a channel never changes and is never removed,
   * so once found it need not be read again. Every send looks its channel up
   * first; from memory it costs no statement, and sends in flight together
   * reach the store in the order they came, where reads on different pooled
   * connections would finish in any order.
   */
  private readonly known = new Map<string, Channel>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly limits: { perUser: RateLimiter; perAddress: RateLimiter },
    private readonly clock: Clock = () => new Date(),
  ) {}

  /** Every channel, by name. */
  list(): Promise<Channel[]> {
    return this.store.listChannels();
  }

  /** The channel with this id, or null; a malformed id is BAD_USER_INPUT. */
  find(rawId: unknown): Promise<Channel | null> {
    return this.store.findChannel(parseId(rawId, 'id'));
  }

  /** The channel with this id; NOT_FOUND when there is none. */
  async get(rawId: unknown, field = 'channelId'): Promise<Channel> {
    const id = parseId(rawId, field);
    const known = this.known.get(id);
    if (known) return known;
    const channel = await this.store.findChannel(id);
    if (!channel) throw new DomainError(ErrorCode.NotFound, 'There is no channel with this id.', { field });
    this.remember(channel);
    return channel;
  }

  private remember(channel: Channel): void {
    if (this.known.size >= KNOWN_CHANNELS) this.known.delete(this.known.keys().next().value!);
    this.known.set(channel.id, channel);
  }

  /** Creations are limited per user and per address: channels are shared by everyone and never removed. */
  async create(rawName: unknown, creator: User, client: ClientInfo): Promise<Channel> {
    const name = normalizeChannelName(rawName);
    this.limits.perUser.take(userKey(creator));
    this.limits.perAddress.take(addressKey(client));
    const channel = await this.store.createChannel({
      name,
      nameKey: nameKey(name),
      skeleton: nameSkeleton(name),
      now: this.clock(),
    });
    if (!channel)
      throw new DomainError(
        ErrorCode.ChannelExists,
        `A channel named "${name}" exists already, or one that looks just like it. Choose another name.`,
        { field: 'name' },
      );
    await this.bus.publish(Topic.ChannelAdded, channel);
    return channel;
  }

  subscribe(): Promise<EventStream<Channel>> {
    return this.bus.subscribe(Topic.ChannelAdded);
  }
}
