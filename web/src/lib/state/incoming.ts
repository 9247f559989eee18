import { channelKey, type ConversationKey } from '../chat/conversation-key.js';
import { fromChannelMessage, fromDirectMessage, partnerOf } from '../chat/from-server.js';
import { notableOf, type Notable } from '../chat/notable.js';
import type { UserRef } from '../chat/people.js';
import { DIRECT, type StreamKey, type Targets } from '../chat/target.js';
import type { ChatMessage } from '../chat/timeline.js';
import type { Watermarks } from '../chat/watermarks.js';
import type { ChannelMessageFragment, DirectMessageFieldsFragment, ReadMarkerMovedSubscription } from '../graphql/generated/graphql.js';
import type { Conversations } from './conversations.svelte.js';
import type { People } from './people.svelte.js';
import type { ReadMarkers } from './read-markers.svelte.js';
import type { Typing } from './typing.svelte.js';

/** What the chat's parts that receive need to know of it. */
export interface IncomingDeps {
  readonly me: UserRef;
  readonly conversations: Conversations;
  readonly markers: ReadMarkers;
  readonly typing: Typing;
  readonly people: People;
  readonly targets: Targets;
  readonly watermarks: Watermarks<StreamKey>;
  readonly openKey: () => ConversationKey | null;
  readonly channelName: (id: string) => string | null;
}

/**
 * Messages and markers as the subscriptions bring them: each message merged
 * into its conversation once, those from others that are new here counted
 * until the marker passes them and told about (direct messages, mentions),
 * and their authors no longer typing.
 */
export class Incoming {
  #notable: (notable: Notable) => void = () => {};

  constructor(private readonly deps: IncomingDeps) {}

  /** Called for each direct message and mention from someone else as it arrives. */
  onNotable(listener: (notable: Notable) => void): void {
    this.#notable = listener;
  }

  /** A new message of any channel (`channelActivity`). */
  activity(m: ChannelMessageFragment): void {
    const key = channelKey(m.channelId);
    this.#arrived(key, this.deps.conversations.receiveActivity(key, fromChannelMessage(m)));
  }

  /** A new message of the open channel, from its own gap-free stream. */
  openChannel(key: ConversationKey, message: ChatMessage): void {
    this.deps.watermarks.advance(key, message.id);
    this.#arrived(key, this.deps.conversations.receive(key, [message], { live: true }));
  }

  /** A direct message sent or received by this user, in any conversation. */
  direct(message: DirectMessageFieldsFragment): void {
    this.deps.watermarks.advance(DIRECT, message.id);
    const partner = partnerOf(message, this.deps.me.id);
    const key = this.deps.targets.remember(partner.name);
    this.deps.people.wroteWith(partner);
    this.#arrived(key, this.deps.conversations.receive(key, [fromDirectMessage(message)], { live: true }));
  }

  /** One of the user's read markers moved, in this session or another. */
  markerMoved({ readMarkerMoved: m }: ReadMarkerMovedSubscription): void {
    const key = m.channelId ? channelKey(m.channelId) : m.with ? this.deps.targets.remember(m.with.name) : null;
    if (key) this.deps.markers.moved(key, { lastReadId: m.lastReadId, unread: m.unreadCount, mentions: m.mentionCount });
  }

  #arrived(key: ConversationKey, fresh: readonly ChatMessage[]): void {
    const { me, markers, typing } = this.deps;
    for (const message of fresh) {
      const mentionsMe = message.mentions.some((user) => user.id === me.id);
      markers.counted(key, message, mentionsMe);
      if (key === this.deps.openKey()) typing.wrote(message.authorId);
      const notable = notableOf(key, message, mentionsMe, this.deps.channelName);
      if (notable) this.#notable(notable);
    }
  }
}
