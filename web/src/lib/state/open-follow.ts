import type { ConversationKey } from '../chat/conversation-key.js';
import type { Targets } from '../chat/target.js';
import * as api from '../graphql/chat-api.js';
import type { Conversations } from './conversations.svelte.js';
import type { Incoming } from './incoming.js';
import type { Typing } from './typing.svelte.js';

/**
 * The subscriptions of the open conversation only, moved as it moves: at
 * most three, whatever the number of channels. The open channel's changes
 * are followed at once, and its own stream of new messages from its
 * watermark once its history is loaded (until then the watermark is
 * unknown); its messages come by activity too, and both are merged by id. A
 * direct conversation has no streams of its own: those of every direct
 * message and of their changes carry it. Typing is followed in either.
 */
export class OpenFollow {
  #stream: api.OpenChannelSubscription;
  #updates: api.OpenChannelSubscription;

  constructor(
    subscriptions: api.Subscriptions,
    after: (key: ConversationKey) => string,
    incoming: Incoming,
    conversations: Conversations,
    private readonly typing: Typing,
    private readonly targets: Targets,
  ) {
    this.#stream = api.channelStream(subscriptions, after, (key, message) => incoming.openChannel(key, message));
    this.#updates = api.channelUpdates(subscriptions, (key, message) => conversations.receiveChange(key, message));
  }

  /**
   * Follows this conversation (null: none, or not while offline). A channel
   * whose changes stop being followed is passed to `leftStale`: what changes
   * there from now on is missed, and it is read again when opened.
   */
  follow(
    key: ConversationKey | null,
    options: { live: boolean; loaded: (key: ConversationKey) => boolean; leftStale: (key: ConversationKey) => void },
  ): void {
    const channel = key && this.targets.of(key).kind === 'channel' && options.live ? key : null;
    const left = this.#updates.key;
    if (left && left !== channel) options.leftStale(left);
    this.#updates.follow(channel);
    this.#stream.follow(channel && options.loaded(channel) ? channel : null);
    this.typing.follow(options.live ? key : null);
  }

  /** Forgets the subscriptions, which `Subscriptions.stopAll` stopped. */
  forget(): void {
    this.#stream.forget();
    this.#updates.forget();
    this.typing.forget();
  }
}
