import type { MessageChange } from '../../domain/ports/store.port.js';
import type { ChangeableRow } from './memory-tables.js';

/**
 * Carries out the domain's decision on a row, as the SQL stores' change
 * flow does, and adds one to its version when anything changed. A second
 * deletion, a reaction already there or one already gone change nothing.
 * An edit replaces a channel message's mentions, a deletion removes them.
 */
export function applyChange(row: ChangeableRow, change: MessageChange, now: Date): boolean {
  switch (change.kind) {
    case 'none':
      return false;
    case 'edit':
      row.body = change.body;
      row.editedAt = now.toISOString();
      if (row.mentionIds) row.mentionIds = [...change.mentionIds];
      break;
    case 'delete':
      if (row.deleted) return false;
      row.body = '';
      row.deleted = true;
      row.reactions = new Map();
      if (row.mentionIds) row.mentionIds = [];
      break;
    case 'react':
      if (!react(row.reactions, change.emoji, change.userId, change.on)) return false;
      break;
  }
  row.version += 1;
  return true;
}

/** Puts one user's emoji on or takes it off; whether that changed anything. An emoji nobody has on any more loses its place. */
function react(reactions: Map<string, string[]>, emoji: string, userId: string, on: boolean): boolean {
  const users = reactions.get(emoji) ?? [];
  if (on === users.includes(userId)) return false;
  const next = on ? [...users, userId] : users.filter((id) => id !== userId);
  if (next.length > 0) reactions.set(emoji, next);
  else reactions.delete(emoji);
  return true;
}
