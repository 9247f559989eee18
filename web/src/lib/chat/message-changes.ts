import type { ChatMessage, ChatReaction, MessageUser } from './timeline.js';

/**
 * Own changes to a message as they show before the server answers: an edit,
 * a deletion, a reaction toggled. Each keeps the message's version, so that
 * the server's copy (one version more) replaces it whatever it says.
 */

/** The list with the confirmed message of this id changed; the list itself when there is none. */
export function changeMessage(
  list: readonly ChatMessage[],
  id: string,
  change: (message: ChatMessage) => ChatMessage,
): readonly ChatMessage[] {
  const index = list.findIndex((message) => message.id === id);
  if (index < 0) return list;
  const next = [...list];
  next[index] = change(list[index]!);
  return next;
}

export const findMessage = (list: readonly ChatMessage[], id: string): ChatMessage | undefined => list.find((m) => m.id === id);

export const edited = (message: ChatMessage, body: string, at: string): ChatMessage => ({
  ...message,
  body,
  editedAt: at,
  note: undefined,
});

/** As the contract keeps a deleted message: in its place, with an empty body and no reactions. */
export const deleted = (message: ChatMessage): ChatMessage => ({ ...message, body: '', deleted: true, reactions: [], note: undefined });

/** Whether this user has reacted with this emoji. */
export const hasReacted = (reaction: ChatReaction, userId: string): boolean => reaction.users.some((user) => user.id === userId);

/**
 * The reactions after a user adds (on) or removes one: toggled per user, an
 * emoji nobody has any more goes, a new one comes last, as the server orders them.
 */
export function withReaction(reactions: readonly ChatReaction[], emoji: string, user: MessageUser, on: boolean): ChatReaction[] {
  const index = reactions.findIndex((reaction) => reaction.emoji === emoji);
  const current = reactions[index];
  if (on) {
    if (!current) return [...reactions, { emoji, users: [user] }];
    if (hasReacted(current, user.id)) return [...reactions];
    return reactions.map((reaction, i) => (i === index ? { emoji, users: [...reaction.users, user] } : reaction));
  }
  if (!current) return [...reactions];
  const users = current.users.filter((u) => u.id !== user.id);
  return users.length === 0 ? reactions.filter((_, i) => i !== index) : reactions.map((r, i) => (i === index ? { emoji, users } : r));
}

/**
 * The message after the server refused an own change: back as it was, with a
 * note saying why, unless a newer copy came meanwhile (then that one stays,
 * with the note).
 */
export function rolledBack(current: ChatMessage, before: ChatMessage, note: string): ChatMessage {
  return current.version > before.version ? { ...current, note } : { ...before, note };
}

/** The newest own message that can still be edited: what arrow-up in an empty composer edits. */
export function lastEditable(list: readonly ChatMessage[], meId: string): ChatMessage | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const message = list[i]!;
    if (message.authorId === meId && message.id !== null && !message.deleted) return message;
  }
  return undefined;
}

/** What a conversation's view may do to its messages, by id. */
export interface MessageIntents {
  edit(id: string, body: string): void;
  delete(id: string): void;
  react(id: string, emoji: string, on: boolean): void;
}
