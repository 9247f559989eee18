import { DomainError, ErrorCode } from './errors.js';
import type { MessageState } from './models.js';
import type { MessageChange } from './ports/store.port.js';
import { MAX_REACTIONS_PER_MESSAGE } from './reaction-rules.js';

/**
 * The rules for changing a message, given it as stored now: pure, so that the
 * store can apply them inside its transaction (`decide`), where no other
 * change can slip in between the check and the write. Each returns what to
 * do, or throws the DomainError the client gets; `none` is an answer too: a
 * repeat changes nothing and bumps no version.
 */

/** What the rules read of a message, the same for channel and direct messages. */
export interface ChangeableMessage extends MessageState {
  readonly authorId: string;
  readonly body: string;
}

const NONE: MessageChange = { kind: 'none' };

export const notYours = (what: 'edit' | 'delete') =>
  new DomainError(ErrorCode.Forbidden, `Only the author of a message may ${what} it.`, { field: 'id' });

export const messageNotFound = (field = 'id') =>
  new DomainError(ErrorCode.NotFound, 'There is no such message: it was never sent here, or it is too old to be kept.', { field });

/** Only the author edits, a deleted message stays deleted, and the same body again changes nothing. */
export function decideEdit(current: ChangeableMessage, actorId: string, body: string, mentionIds: readonly string[]): MessageChange {
  if (current.authorId !== actorId) throw notYours('edit');
  if (current.deleted)
    throw new DomainError(ErrorCode.BadUserInput, 'This message was deleted: it can no longer be edited.', { field: 'id' });
  if (current.body === body) return NONE;
  return { kind: 'edit', body, mentionIds };
}

/** Only the author deletes; deleting twice is not an error, and changes nothing the second time. */
export function decideDelete(current: ChangeableMessage, actorId: string): MessageChange {
  if (current.authorId !== actorId) throw notYours('delete');
  return current.deleted ? NONE : { kind: 'delete' };
}

/**
 * Adds or removes one user's emoji. Doing it twice changes nothing; a deleted
 * message takes no reactions; a new emoji beyond `maxEmoji` different ones is
 * refused, while joining one already there is always possible.
 */
export function decideReaction(
  current: ChangeableMessage,
  userId: string,
  emoji: string,
  on: boolean,
  maxEmoji = MAX_REACTIONS_PER_MESSAGE,
): MessageChange {
  // No field: the message is named `messageId` in channels and `id` in direct messages.
  if (current.deleted) throw new DomainError(ErrorCode.BadUserInput, 'This message was deleted: it takes no reactions.');
  const reaction = current.reactions.find((existing) => existing.emoji === emoji);
  const has = reaction?.users.some((user) => user.id === userId) ?? false;
  if (has === on) return NONE;
  if (on && !reaction && current.reactions.length >= maxEmoji)
    throw new DomainError(ErrorCode.BadUserInput, `A message takes at most ${maxEmoji} different emoji: react with one already there.`, {
      field: 'emoji',
    });
  return { kind: 'react', emoji, userId, on };
}

/** A direct message exists only for its two users: anyone else is told there is no such message, not that it is not theirs. */
export function requireParticipant(message: { readonly from: { id: string }; readonly to: { id: string } }, userId: string): void {
  if (message.from.id !== userId && message.to.id !== userId) throw messageNotFound();
}
