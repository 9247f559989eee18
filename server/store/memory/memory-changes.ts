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
      row.reactions = [];
      if (row.mentionIds) row.mentionIds = [];
      break;
    case 'react': {
      const index = row.reactions.findIndex((reaction) => reaction.emoji === change.emoji && reaction.userId === change.userId);
      if (change.on === index >= 0) return false;
      row.reactions = change.on
        ? [...row.reactions, { emoji: change.emoji, userId: change.userId }]
        : row.reactions.filter((_, at) => at !== index);
      break;
    }
  }
  row.version += 1;
  return true;
}
