import type { TimelineEntry } from './format.js';
import type { ChatMessage } from './timeline.js';

/** How far apart two messages by one author may be and still share a header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/**
 * Whether a message continues the one before it: same author, written
 * within five minutes of it (and not before it, as a clock set back could
 * make it). Such a message shows no header of its own.
 */
export function continues(previous: ChatMessage | null, message: ChatMessage): boolean {
  if (!previous || previous.authorId !== message.authorId) return false;
  const gap = Date.parse(message.createdAt) - Date.parse(previous.createdAt);
  return gap >= 0 && gap <= GROUP_WINDOW_MS;
}

/**
 * The keys of the messages, among a list with its day separators, that
 * continue a group: a day separator or the "New" divider (above the message
 * `breakBefore`) starts a new group whatever the time between.
 */
export function continuedKeys(entries: readonly TimelineEntry[], breakBefore: string | null = null): Set<string> {
  const continued = new Set<string>();
  let previous: ChatMessage | null = null;
  for (const entry of entries) {
    if (entry.kind === 'day') {
      previous = null;
      continue;
    }
    const { message } = entry;
    if (message.id === null || message.id !== breakBefore) {
      if (continues(previous, message)) continued.add(entry.key);
    }
    previous = message;
  }
  return continued;
}
