import type { EventBus, EventStream } from '../events/event-bus.js';
import { Topic } from '../events/topics.js';
import type { Store } from '../store/store.js';
import { DomainError, ErrorCode } from './errors.js';
import type { Channel } from './models.js';
import { nameKey, nameSkeleton, normalizeChannelName, parseId } from './text-rules.js';

export class ChannelService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: () => Date = () => new Date(),
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

  async create(rawName: unknown): Promise<Channel> {
    const name = normalizeChannelName(rawName);
    const channel = await this.store.createChannel({
      name,
      nameKey: nameKey(name),
      skeleton: nameSkeleton(name),
      now: this.clock(),
    });
    if (!channel)
      throw new DomainError(
        ErrorCode.ChannelExists,
        `A channel named "${name}", or one that looks just like it, exists already. Choose another name.`,
        { field: 'name' },
      );
    await this.bus.publish(Topic.ChannelAdded, channel);
    return channel;
  }

  subscribe(): Promise<EventStream<Channel>> {
    return this.bus.subscribe(Topic.ChannelAdded);
  }
}
