import { describe, expect, it } from 'vitest';
import { RecentEmoji } from './recent-emoji.svelte.js';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
};

describe('RecentEmoji', () => {
  it('should keep the emoji used last first, and find them again in a new page', () => {
    const storage = memoryStorage();
    const recent = new RecentEmoji(storage);
    recent.used('👍');
    recent.used('🎉');
    recent.used('👍');
    expect(recent.list).toEqual(['👍', '🎉']);
    expect(new RecentEmoji(storage).list).toEqual(['👍', '🎉']);
  });

  it('should work without storage, or with one that refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    const recent = new RecentEmoji(refusing);
    recent.used('🔥');
    expect(recent.list).toEqual(['🔥']);
    expect(new RecentEmoji(null).list).toEqual([]);
  });
});
