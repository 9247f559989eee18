import type { EventBus, EventStream } from './ports/events.port.js';
import { Topic } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import { DomainError, ErrorCode } from './errors.js';
import type { Channel, ClientInfo, User } from './models.js';
import { addressKey, userKey, type RateLimiter } from './rate-limiter.js';
import { nameKey, nameSkeleton, normalizeChannelName, parseId } from './text-rules.js';
import type { Clock } from './ports/clock.port.js';

export class ChannelService {
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
    const channel = await this.store.findChannel(parseId(rawId, field));
    if (!channel) throw new DomainError(ErrorCode.NotFound, 'There is no channel with this id.', { field });
    return channel;
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
