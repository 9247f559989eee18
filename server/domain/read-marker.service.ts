import type { ChannelService } from './channel.service.js';
import type { Channel, DirectConversation, ReadMarker, ReadState, User } from './models.js';
import { Topic, type EventBus, type EventStream } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import { checkMarkerTarget } from './read-marker-rules.js';
import { movedMarker, NOTHING_READ } from './read-markers.js';
import { parseId } from './text-rules.js';
import { findNamedUser } from './user-lookup.js';

/**
 * Read markers and unread counts: one marker per user per channel and per
 * direct conversation, kept by the store, only ever moved forward. Every
 * move is announced to the user's own sessions (tabs, devices, instances),
 * so that their badges agree.
 */
export class ReadMarkerService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly channels: ChannelService,
  ) {}

  /** Moves the user's marker in the channel forward to messageId; an id below the marker leaves it where it is. */
  async markRead(user: User, input: { channelId: unknown; messageId: unknown }): Promise<Channel> {
    const messageId = parseId(input.messageId, 'messageId');
    const channel = await this.channels.get(input.channelId);
    checkMarkerTarget(await this.store.channelMessagePosition(channel.id, messageId), messageId);
    const state = await this.store.moveChannelMarker(user.id, channel.id, messageId);
    await this.bus.publish(Topic.ReadMarkerMoved, movedMarker(state, { channelId: channel.id }), user.id);
    return channel;
  }

  /** The same in the user's conversation with the named user; answers the conversation as it now stands. */
  async markDirectRead(user: User, input: { with: unknown; messageId: unknown }): Promise<DirectConversation> {
    const messageId = parseId(input.messageId, 'messageId');
    const { user: other } = await findNamedUser(this.store, input.with, 'with');
    checkMarkerTarget(await this.store.directMessagePosition(user.id, other.id, messageId), messageId);
    const state = await this.store.moveDirectMarker(user.id, other.id, messageId);
    await this.bus.publish(Topic.ReadMarkerMoved, movedMarker(state, { with: other }), user.id);
    const [lastMessage] = await this.store.latestDirectMessages(user.id, other.id, 1);
    return { with: other, lastMessage: lastMessage ?? null, lastReadId: state.lastReadId, unreadCount: state.unreadCount };
  }

  /** The user's read state in each channel asked for, in a fixed number of queries whatever their number. */
  async channelStates(user: User, channelIds: readonly string[]): Promise<Map<string, ReadState>> {
    const states = await this.store.channelReadStates(user.id, channelIds);
    for (const id of channelIds) if (!states.has(id)) states.set(id, NOTHING_READ);
    return states;
  }

  /** The user's direct conversations, the most recently active first. */
  conversations(user: User): Promise<DirectConversation[]> {
    return this.store.directConversations(user.id);
  }

  /** The user's markers as they move, from any of their sessions: sends, markRead and markDirectRead. */
  moves(user: User): Promise<EventStream<ReadMarker>> {
    return this.bus.subscribe(Topic.ReadMarkerMoved, user.id);
  }
}
