/** A conversation the quick switcher can open: a channel or a person. */
export interface SwitcherItem {
  readonly kind: 'channel' | 'person';
  readonly name: string;
  readonly href: string;
  readonly unread: number;
}

/** Rows shown at most: a server may hold thousands of channels. */
export const SWITCHER_ROWS = 20;

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * What the switcher offers for what was typed: names that start with it
 * first, then names that contain it, unread ones first within each, then by
 * name; with nothing typed, the conversations with unread messages first.
 */
export function matchSwitcher(items: readonly SwitcherItem[], query: string, limit = SWITCHER_ROWS): SwitcherItem[] {
  const wanted = fold(query.trim().replace(/^[#@]/, ''));
  const ranked: { item: SwitcherItem; rank: number }[] = [];
  for (const item of items) {
    const name = fold(item.name);
    const at = wanted === '' ? 0 : name.indexOf(wanted);
    if (at === -1) continue;
    ranked.push({ item, rank: (at === 0 ? 0 : 2) + (item.unread > 0 ? 0 : 1) });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.item.name.localeCompare(b.item.name));
  return ranked.slice(0, limit).map(({ item }) => item);
}

/** The row after a key press in a list of `count` rows: arrows wrap around, Home and End go to the ends. */
export function moveActive(active: number, key: string, count: number): number {
  if (count === 0) return 0;
  if (key === 'ArrowDown') return (active + 1) % count;
  if (key === 'ArrowUp') return (active - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return active;
}

/** Whether a key press opens the quick switcher: Ctrl+K, or Cmd+K on macOS. */
export const isSwitcherShortcut = (event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>) =>
  event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
