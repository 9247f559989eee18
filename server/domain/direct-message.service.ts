import type { EventBus } from './ports/events.port.js';
import { Topic } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import { DomainError, ErrorCode } from './errors.js';
import type { EventDelivery, OutgoingEvent } from './event-outbox.js';
import type { ClientInfo, DirectMessage, User } from './models.js';
import { addressKey, userKey, type RateLimiter } from './rate-limiter.js';
import { resume } from './resume.js';
import { clampLast, normalizeBody, normalizeClientId, parseAfter, parseId } from './text-rules.js';
import type { Clock } from './ports/clock.port.js';
import type { MessageChange } from './ports/store.port.js';
import {
  decideDelete,
  decideEdit,
  decideReaction,
  messageNotFound,
  requireParticipant,
  type ChangeableMessage,
} from './message-changes.js';
import { normalizeEmoji } from './reaction-rules.js';
import { findNamedUser } from './user-lookup.js';
import { sentMarker } from './read-markers.js';
import { NO_TYPING, typingTarget, type TypingEnds } from './typing-target.js';

export interface DirectMessageOptions {
  /** How many messages each conversation keeps. */
  messageLimit: number;
  /** How many different emoji one message may carry. Default MAX_REACTIONS_PER_MESSAGE. */
  maxReactions?: number;
}

const changeable = (message: DirectMessage): ChangeableMessage => ({ ...message, authorId: message.from.id });
/** Both users of a conversation, once each (a note to oneself has one). */
const participantsOf = (message: DirectMessage) => [...new Set([message.from.id, message.to.id])];

/** One-to-one conversations, with any user who has ever signed in, online or not. */
export class DirectMessageService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly delivery: EventDelivery,
    private readonly limits: { perUser: RateLimiter; perAddress: RateLimiter; newConversations: RateLimiter },
    private readonly options: DirectMessageOptions,
    private readonly clock: Clock = () => new Date(),
    private readonly typing: TypingEnds = NO_TYPING,
  ) {}

  /**
   * Sends are limited as in channels, and writing to someone for the first
   * time is limited on its own: otherwise a sender could reach every user who
   * ever signed in, one unsolicited message each.
   */
  async send(from: User, input: { to: unknown; body: unknown; clientId?: unknown }, client: ClientInfo): Promise<DirectMessage> {
    const body = normalizeBody(input.body);
    const clientId = normalizeClientId(input.clientId);
    const to = await this.userNamed(input.to, 'to');
    if (to.ended)
      throw new DomainError(
        ErrorCode.NotFound,
        `"${to.user.name}" signed out and their name is free: nobody will read a message to them.`,
        { field: 'to' },
      );
    this.takeAllowance(from, client);
    if (this.limits.newConversations.enabled && !(await this.store.hasDirectMessagesBetween(from.id, to.user.id)))
      this.limits.newConversations.take(userKey(from));
    const eventsOf = (added: DirectMessage): OutgoingEvent[] => [
      ...[...new Set([from.id, to.user.id])].map((userId) => ({ topic: Topic.DirectMessageAdded, payload: added, scope: userId }) as const),
      // The store moved the sender's marker to their message: their other sessions learn it with the message.
      { topic: Topic.ReadMarkerMoved, payload: sentMarker(added.id, { with: to.user }), scope: from.id },
    ];
    const { message } = await this.store.addDirectMessage({
      fromId: from.id,
      toId: to.user.id,
      body,
      clientId,
      now: this.clock(),
      keep: this.options.messageLimit,
      // The store announces in commit order, so that subscribers receive ids in order.
      outbox: this.delivery.durable ? eventsOf : undefined,
      groupDelivery: this.delivery,
      announce: (added, entry) => this.delivery.deliver(entry, eventsOf(added)),
    });
    await this.typing.sent(from, typingTarget.user(to.user.id));
    return message;
  }

  /** Replaces the body of the sender's own message, under the body rules of sending; counted as a send. */
  async edit(user: User, input: { id: unknown; body: unknown }, client: ClientInfo): Promise<DirectMessage> {
    const body = normalizeBody(input.body);
    const id = parseId(input.id, 'id');
    this.takeAllowance(user, client);
    // Direct messages carry no mentions: the one they are for is already addressed.
    return this.change(user, id, (current) => decideEdit(changeable(current), user.id, body, []));
  }

  /** Deletes the sender's own message, keeping its id and place; deleting twice is not an error. */
  async delete(user: User, input: { id: unknown }): Promise<DirectMessage> {
    const id = parseId(input.id, 'id');
    return this.change(user, id, (current) => decideDelete(changeable(current), user.id));
  }

  /** Either user of the conversation adds (on) or removes their emoji; counted as a send. */
  async react(user: User, input: { id: unknown; emoji: unknown; on: boolean }, client: ClientInfo): Promise<DirectMessage> {
    const emoji = normalizeEmoji(input.emoji);
    const id = parseId(input.id, 'id');
    this.takeAllowance(user, client);
    const maxReactions = this.options.maxReactions;
    return this.change(user, id, (current) => decideReaction(changeable(current), user.id, emoji, input.on, maxReactions));
  }

  /** The new state of the user's direct messages, sent or received, after every edit, deletion and reaction change, live. */
  updates(user: User): Promise<AsyncIterableIterator<DirectMessage>> {
    return this.bus.subscribe(Topic.DirectMessageUpdated, user.id);
  }

  /** The newest `last` messages between the user and the named user, oldest first. */
  async conversation(user: User, withName: unknown, last: unknown): Promise<DirectMessage[]> {
    const count = clampLast(last, this.options.messageLimit);
    const { user: other } = await this.userNamed(withName, 'with');
    return this.store.latestDirectMessages(user.id, other.id, count);
  }

  /** Users with whom the user has a conversation, most recent first. */
  partners(user: User): Promise<User[]> {
    return this.store.listConversationPartners(user.id);
  }

  /** Direct messages sent or received by the user from now on; with `after`, first the retained ones above it. */
  async subscribe(user: User, rawAfter: unknown): Promise<AsyncIterableIterator<DirectMessage>> {
    const after = parseAfter(rawAfter);
    const live = await this.bus.subscribe(Topic.DirectMessageAdded, user.id);
    return resume(live, after, (from) => this.store.directMessagesAfter(user.id, from));
  }

  private takeAllowance(user: User, client: ClientInfo): void {
    this.limits.perUser.take(userKey(user));
    this.limits.perAddress.take(addressKey(client));
  }

  /**
   * Applies a decision inside the store's transaction, for one of the
   * message's two users only (anyone else learns nothing of it), and
   * announces the new state to both, in commit order, as sends are.
   */
  private async change(user: User, messageId: string, decide: (current: DirectMessage) => MessageChange): Promise<DirectMessage> {
    const eventsOf = (changed: DirectMessage): OutgoingEvent[] =>
      participantsOf(changed).map((userId) => ({ topic: Topic.DirectMessageUpdated, payload: changed, scope: userId }));
    const outcome = await this.store.changeDirectMessage({
      messageId,
      decide: (current) => {
        requireParticipant(current, user.id);
        return decide(current);
      },
      now: this.clock(),
      outbox: this.delivery.durable ? eventsOf : undefined,
      groupDelivery: this.delivery,
      announce: (changed, entry) => this.delivery.deliver(entry, eventsOf(changed)),
    });
    if (!outcome) throw messageNotFound();
    return outcome.message;
  }

  /** The user a name refers to now, or the one it last referred to (whose conversations can still be read). */
  private userNamed(rawName: unknown, field: string): Promise<{ user: User; ended: boolean }> {
    return findNamedUser(this.store, rawName, field);
  }
}
