import type { EventBus } from './ports/events.port.js';
import { Topic } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import type { ChannelService } from './channel.service.js';
import type { EventDelivery, OutgoingEvent } from './event-outbox.js';
import type { ClientInfo, Message, User } from './models.js';
import { addressKey, userKey, type RateLimiter } from './rate-limiter.js';
import { oncePerScope, resume } from './resume.js';
import { clampLast, normalizeBody, normalizeClientId, parseAfter } from './text-rules.js';
import type { Clock } from './ports/clock.port.js';

export interface MessageOptions {
  /** How many messages each channel keeps. */
  messageLimit: number;
}

export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly delivery: EventDelivery,
    private readonly channels: ChannelService,
    private readonly limits: { perUser: RateLimiter; perAddress: RateLimiter },
    private readonly options: MessageOptions,
    private readonly clock: Clock = () => new Date(),
  ) {}

  /**
   * Posts to a channel. A resend with a clientId the author already used in
   * the channel returns the first message, and nothing is stored or delivered
   * again. Sends are limited per user and per address.
   */
  async send(author: User, input: { channelId: unknown; body: unknown; clientId?: unknown }, client: ClientInfo): Promise<Message> {
    const body = normalizeBody(input.body);
    const clientId = normalizeClientId(input.clientId);
    const channel = await this.channels.get(input.channelId);
    // Per user, and per address summed over its users: throw-away names share their address's allowance.
    this.limits.perUser.take(userKey(author));
    this.limits.perAddress.take(addressKey(client));
    const eventsOf = (added: Message): OutgoingEvent[] => [
      { topic: Topic.MessageAdded, payload: added, scope: channel.id },
      { topic: Topic.ChannelActivity, payload: added },
    ];
    const { message } = await this.store.addMessage({
      channelId: channel.id,
      authorId: author.id,
      body,
      clientId,
      now: this.clock(),
      keep: this.options.messageLimit,
      // The store announces in commit order, so that subscribers receive ids in order.
      // Both topics in the same announcement, so that each keeps that order.
      outbox: this.delivery.durable ? eventsOf : undefined,
      announce: (added, entry) => this.delivery.deliver(entry, eventsOf(added)),
    });
    return message;
  }

  /** The newest `last` retained messages of a channel, oldest first. */
  history(channelId: string, last: unknown): Promise<Message[]> {
    return this.store.latestMessages(channelId, clampLast(last, this.options.messageLimit));
  }

  /**
   * Live messages of every channel, without replay: what a client needs for
   * the unread counts of the channels it does not have open. The client
   * resumes the open one with `subscribe(channelId, after)`.
   */
  async activity(): Promise<AsyncIterableIterator<Message>> {
    return oncePerScope(await this.bus.subscribe(Topic.ChannelActivity), (message) => message.channelId);
  }

  /** Live messages of a channel; with `after`, first the retained ones above it. */
  async subscribe(rawChannelId: unknown, rawAfter: unknown): Promise<AsyncIterableIterator<Message>> {
    const after = parseAfter(rawAfter);
    const channel = await this.channels.get(rawChannelId);
    const live = await this.bus.subscribe(Topic.MessageAdded, channel.id);
    return resume(live, after, (from) => this.store.messagesAfter(channel.id, from));
  }
}
