import type { EventBus } from './ports/events.port.js';
import { Topic } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import type { ChannelService } from './channel.service.js';
import type { EventDelivery, OutgoingEvent } from './event-outbox.js';
import type { ClientInfo, Message, User } from './models.js';
import { addressKey, userKey, type RateLimiter } from './rate-limiter.js';
import { oncePerScope, resume } from './resume.js';
import { clampLast, normalizeBody, normalizeClientId, parseAfter, parseId } from './text-rules.js';
import type { Clock } from './ports/clock.port.js';
import { resolveMentions } from './mention-resolution.js';
import { decideDelete, decideEdit, decideReaction, messageNotFound, type ChangeableMessage } from './message-changes.js';
import { normalizeEmoji } from './reaction-rules.js';
import { sentMarker } from './read-markers.js';
import type { MessageChange } from './ports/store.port.js';
import { NO_TYPING, typingTarget, type TypingEnds } from './typing-target.js';

export interface MessageOptions {
  /** How many messages each channel keeps. */
  messageLimit: number;
  /** How many different emoji one message may carry. Default MAX_REACTIONS_PER_MESSAGE. */
  maxReactions?: number;
}

const changeable = (message: Message): ChangeableMessage => ({ ...message, authorId: message.author.id });

export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly delivery: EventDelivery,
    private readonly channels: ChannelService,
    private readonly limits: { perUser: RateLimiter; perAddress: RateLimiter },
    private readonly options: MessageOptions,
    private readonly clock: Clock = () => new Date(),
    private readonly typing: TypingEnds = NO_TYPING,
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
    this.takeAllowance(author, client);
    const mentions = await resolveMentions(this.store, body);
    const eventsOf = (added: Message): OutgoingEvent[] => [
      { topic: Topic.MessageAdded, payload: added, scope: channel.id },
      { topic: Topic.ChannelActivity, payload: added },
      // The store moved the author's marker to their message: their other sessions learn it with the message.
      { topic: Topic.ReadMarkerMoved, payload: sentMarker(added.id, { channelId: channel.id }), scope: author.id },
    ];
    const { message } = await this.store.addMessage({
      channelId: channel.id,
      authorId: author.id,
      body,
      mentionIds: mentions.map((user) => user.id),
      clientId,
      now: this.clock(),
      keep: this.options.messageLimit,
      // The store announces in commit order, so that subscribers receive ids in order.
      // Both topics in the same announcement, so that each keeps that order.
      outbox: this.delivery.durable ? eventsOf : undefined,
      groupDelivery: this.delivery,
      announce: (added, entry) => this.delivery.deliver(entry, eventsOf(added)),
    });
    await this.typing.sent(author, typingTarget.channel(channel.id));
    return message;
  }

  /**
   * Replaces the body of the author's own message, under the body rules of
   * sending, and resolves its mentions anew. The same body again changes
   * nothing. Counted against the allowance of sends.
   */
  async edit(user: User, input: { channelId: unknown; id: unknown; body: unknown }, client: ClientInfo): Promise<Message> {
    const body = normalizeBody(input.body);
    const id = parseId(input.id, 'id');
    const channel = await this.channels.get(input.channelId);
    this.takeAllowance(user, client);
    const mentionIds = (await resolveMentions(this.store, body)).map((mentioned) => mentioned.id);
    return this.change(channel.id, id, 'id', (current) => decideEdit(changeable(current), user.id, body, mentionIds));
  }

  /** Deletes the author's own message: it keeps its id and place, with an empty body. Deleting twice is not an error. */
  async delete(user: User, input: { channelId: unknown; id: unknown }): Promise<Message> {
    const id = parseId(input.id, 'id');
    const channel = await this.channels.get(input.channelId);
    return this.change(channel.id, id, 'id', (current) => decideDelete(changeable(current), user.id));
  }

  /** Adds (on) or removes the user's emoji on any message of the channel. Counted against the allowance of sends. */
  async react(
    user: User,
    input: { channelId: unknown; messageId: unknown; emoji: unknown; on: boolean },
    client: ClientInfo,
  ): Promise<Message> {
    const emoji = normalizeEmoji(input.emoji);
    const id = parseId(input.messageId, 'messageId');
    const channel = await this.channels.get(input.channelId);
    this.takeAllowance(user, client);
    const maxReactions = this.options.maxReactions;
    return this.change(channel.id, id, 'messageId', (current) =>
      decideReaction(changeable(current), user.id, emoji, input.on, maxReactions),
    );
  }

  /** The new state of the channel's messages after every edit, deletion and reaction change, live. */
  async updates(rawChannelId: unknown): Promise<AsyncIterableIterator<Message>> {
    const channel = await this.channels.get(rawChannelId);
    return this.bus.subscribe(Topic.MessageUpdated, channel.id);
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

  /** Per user, and per address summed over its users: throw-away names share their address's allowance. */
  private takeAllowance(user: User, client: ClientInfo): void {
    this.limits.perUser.take(userKey(user));
    this.limits.perAddress.take(addressKey(client));
  }

  /** Applies a decision inside the store's transaction and announces the new state, in commit order, as sends are. */
  private async change(channelId: string, messageId: string, field: string, decide: (current: Message) => MessageChange): Promise<Message> {
    const eventsOf = (changed: Message): OutgoingEvent[] => [{ topic: Topic.MessageUpdated, payload: changed, scope: channelId }];
    const outcome = await this.store.changeMessage({
      channelId,
      messageId,
      decide,
      now: this.clock(),
      outbox: this.delivery.durable ? eventsOf : undefined,
      groupDelivery: this.delivery,
      announce: (changed, entry) => this.delivery.deliver(entry, eventsOf(changed)),
    });
    if (!outcome) throw messageNotFound(field);
    return outcome.message;
  }
}
