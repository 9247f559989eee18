import type { Client } from '@urql/svelte';
import { channelKey, channelPath, dmKey, dmPath, type ConversationKey } from '../chat/conversation-key.js';
import { handleError } from '../chat/errors.js';
import { fromChannelMessage, fromDirectMessage, partnerOf } from '../chat/from-server.js';
import type { ChatMessage } from '../chat/timeline.js';
import type { Outcome } from './chat-api.js';
import { SearchDirectMessagesDocument, SearchMessagesDocument } from './generated/graphql.js';

/** A message found, with the conversation it is in. */
export interface SearchHit {
  readonly key: ConversationKey;
  readonly path: string;
  /** The channel's id, or the other person's name in a direct conversation. */
  readonly channelId: string | null;
  readonly partner: string | null;
  readonly message: ChatMessage;
}

/** Results per kind of conversation: the newest of channels and of direct messages, merged newest first. */
export const SEARCH_RESULTS = 20;

/** Messages of every channel and of the signed-in user's own direct conversations that contain every word, newest first. */
export async function searchEverywhere(client: Client, text: string, meId: string): Promise<Outcome<{ hits: SearchHit[] }>> {
  const [channels, direct] = await Promise.all([
    client.query(SearchMessagesDocument, { text, first: SEARCH_RESULTS }).toPromise(),
    client.query(SearchDirectMessagesDocument, { text, first: SEARCH_RESULTS }).toPromise(),
  ]);
  if (!channels.data || !direct.data)
    return { error: handleError(channels.error ?? direct.error, 'The search did not work. Try again.') ?? null };
  const hits: SearchHit[] = [
    ...channels.data.searchMessages.map((m) => ({
      key: channelKey(m.channelId),
      path: channelPath(m.channelId),
      channelId: m.channelId,
      partner: null,
      message: fromChannelMessage(m),
    })),
    ...direct.data.searchDirectMessages.map((m) => {
      const partner = partnerOf(m, meId).name;
      return { key: dmKey(partner), path: dmPath(partner), channelId: null, partner, message: fromDirectMessage(m) };
    }),
  ];
  hits.sort((a, b) => b.message.createdAt.localeCompare(a.message.createdAt));
  return { hits };
}
