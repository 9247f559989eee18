import type { ChatMessage } from './timeline.js';
import { messageKey } from './timeline.js';

/** The local calendar day of an instant, as YYYY-MM-DD. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The time of day of a message, e.g. "14:05" or "2:05 PM", as the reader's locale writes it. */
export function formatTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A day separator's text: "Today", "Yesterday", or the full date. */
export function formatDay(iso: string, now: Date = new Date(), locale?: string): string {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday.toISOString())) return 'Yesterday';
  const sameYear = new Date(iso).getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(new Date(iso));
}

/** A full date and time for a tooltip. */
export function formatFull(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

export type TimelineEntry = { kind: 'day'; key: string; label: string } | { kind: 'message'; key: string; message: ChatMessage };

/** Messages with a separator before the first message of each day. */
export function withDaySeparators(messages: readonly ChatMessage[], now: Date = new Date(), locale?: string): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let currentDay: string | null = null;
  for (const message of messages) {
    const day = dayKey(message.createdAt);
    if (day !== currentDay) {
      currentDay = day;
      entries.push({ kind: 'day', key: `day:${day}`, label: formatDay(message.createdAt, now, locale) });
    }
    entries.push({ kind: 'message', key: messageKey(message), message });
  }
  return entries;
}
