import type { Client } from '@urql/svelte';
import { handleError } from '../chat/errors.js';
import type { ReadState } from '../chat/read-state.js';
import type { Target } from '../chat/target.js';
import { MarkDirectReadDocument, MarkReadDocument } from './generated/graphql.js';

/**
 * Moves the signed-in user's read marker forward to a message; resolves with
 * where it stands then, or null when it could not be moved (logged: the next
 * message seen tries again, and nothing is asked of the person).
 */
export async function markRead(client: Client, target: Target, messageId: string): Promise<ReadState | null> {
  if (target.kind === 'channel') {
    const result = await client.mutation(MarkReadDocument, { channelId: target.channelId, messageId }).toPromise();
    if (!result.data) return failed(result.error);
    const { lastReadId, unreadCount, mentionCount } = result.data.markRead;
    return { lastReadId, unread: unreadCount, mentions: mentionCount };
  }
  const result = await client.mutation(MarkDirectReadDocument, { with: target.person, messageId }).toPromise();
  if (!result.data) return failed(result.error);
  const { lastReadId, unreadCount } = result.data.markDirectRead;
  return { lastReadId, unread: unreadCount, mentions: 0 };
}

function failed(error: Parameters<typeof handleError>[0]): null {
  handleError(error);
  return null;
}
