import { channelIdOf, dmKey, type ConversationKey } from './conversation-key.js';

/** The watermark key of the one stream of every direct message; a channel's own stream is keyed by the channel. */
export const DIRECT = 'direct' as const;
export type StreamKey = ConversationKey | typeof DIRECT;

/**
 * A conversation as the API addresses it: a channel by id, or the
 * conversation with a person by name. What differs between the two kinds is
 * decided from this, told apart in one place: `Targets.of`.
 */
export type Target =
  | { readonly kind: 'channel'; readonly key: ConversationKey; readonly channelId: string }
  | { readonly kind: 'direct'; readonly key: ConversationKey; readonly person: string };

/**
 * Where a stream resumes once a conversation's history is read. A channel's
 * own stream: after its newest message, or "0" for an empty channel, so that
 * whatever came after this read is replayed. The one stream of direct
 * messages: after this conversation's newest, when it has one; an empty
 * conversation says nothing about the others.
 */
export function resumeAfterHistory(target: Target, newestId: string | null): { stream: StreamKey; after: string | null } {
  return target.kind === 'channel' ? { stream: target.key, after: newestId ?? '0' } : { stream: DIRECT, after: newestId };
}

/**
 * The targets of conversation keys. A direct conversation's key holds the
 * name folded for comparison; the person is addressed as the server spelled
 * the name, else as the address bar did.
 */
export class Targets {
  readonly #names = new Map<ConversationKey, string>();

  /** The key of the conversation with a person named by the server, whose spelling is kept. */
  remember(name: string): ConversationKey {
    const key = dmKey(name);
    this.#names.set(key, name);
    return key;
  }

  /** The key of the conversation with a person named in a URL; a spelling known already is kept. */
  keyFor(name: string): ConversationKey {
    const key = dmKey(name);
    if (!this.#names.has(key)) this.#names.set(key, name);
    return key;
  }

  of(key: ConversationKey): Target {
    const channelId = channelIdOf(key);
    if (channelId !== null) return { kind: 'channel', key, channelId };
    return { kind: 'direct', key, person: this.#names.get(key) ?? key.slice('dm:'.length) };
  }
}
