import { describe, expect, it } from 'vitest';
import { isSwitcherShortcut, matchSwitcher, moveActive, type SwitcherItem } from './switcher.js';

const channel = (name: string, unread = 0): SwitcherItem => ({ kind: 'channel', name, href: `/c/${name}`, unread });
const person = (name: string, unread = 0): SwitcherItem => ({ kind: 'person', name, href: `/dm/${name}`, unread });

describe('quick switcher', () => {
  const items = [channel('general'), channel('random', 2), channel('engineering'), person('Renée'), person('Bob', 1)];

  it('should offer names that start with the text first, then those that contain it, unread first within each', () => {
    expect(matchSwitcher(items, 'ran').map((i) => i.name)).toEqual(['random']);
    expect(matchSwitcher(items, 'r').map((i) => i.name)).toEqual(['random', 'Renée', 'engineering', 'general']);
    // Without accents, without case, and with the "#" or "@" one may type first.
    expect(matchSwitcher(items, '@renee').map((i) => i.name)).toEqual(['Renée']);
    expect(matchSwitcher(items, '#GEN').map((i) => i.name)).toEqual(['general']);
  });

  it('should start with the unread conversations and show a limited number of rows', () => {
    expect(matchSwitcher(items, '').map((i) => i.name)).toEqual(['Bob', 'random', 'engineering', 'general', 'Renée']);
    const many = Array.from({ length: 5_000 }, (_, i) => channel(`c${i}`));
    expect(matchSwitcher(many, 'c')).toHaveLength(20);
  });

  it('should move through the rows with the arrows, wrapping around, and to the ends with Home and End', () => {
    expect(moveActive(0, 'ArrowDown', 3)).toBe(1);
    expect(moveActive(2, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(0, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(1, 'End', 3)).toBe(2);
    expect(moveActive(1, 'Home', 3)).toBe(0);
    expect(moveActive(0, 'ArrowDown', 0)).toBe(0);
  });

  it('should open on Ctrl+K and Cmd+K only', () => {
    const key = { key: 'k', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
    expect(isSwitcherShortcut({ ...key, ctrlKey: true })).toBe(true);
    expect(isSwitcherShortcut({ ...key, metaKey: true, key: 'K' })).toBe(true);
    expect(isSwitcherShortcut(key)).toBe(false);
    expect(isSwitcherShortcut({ ...key, ctrlKey: true, shiftKey: true })).toBe(false);
  });
});
