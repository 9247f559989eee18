import { DomainError, ErrorCode } from './errors.js';
import type { MessagePosition } from './ports/store.port.js';

/**
 * Whether a read marker may be moved to `messageId`, given where that id
 * stands among the retained messages of its channel or conversation.
 *
 * - A retained message: yes.
 * - Above the newest: no (BAD_USER_INPUT). Marking unsent messages as read
 *   would hide them from the reader when they arrive.
 * - Below the oldest retained one: yes. The cap may have removed it since the
 *   client saw it, and reading up to it still only moves forward. (Ids are
 *   shared by all channels, so whether it was ever this channel's cannot be
 *   told once it is gone.)
 * - Anything else, or nothing retained at all: NOT_FOUND.
 */
export function checkMarkerTarget(position: MessagePosition, messageId: string): void {
  if (position.retained) return;
  const id = BigInt(messageId);
  if (position.newestId === null || position.oldestId === null)
    throw new DomainError(ErrorCode.NotFound, 'There are no messages here to mark as read.', { field: 'messageId' });
  if (id > BigInt(position.newestId))
    throw new DomainError(
      ErrorCode.BadUserInput,
      `Message ${messageId} is not here yet: the newest message here is ${position.newestId}. Mark a message you have received.`,
      { field: 'messageId' },
    );
  if (id < BigInt(position.oldestId)) return;
  throw new DomainError(ErrorCode.NotFound, `There is no message ${messageId} here.`, { field: 'messageId' });
}
