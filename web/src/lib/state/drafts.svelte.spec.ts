import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from '../chat/conversation-key.js';
import { Drafts, draftsStorageKey } from './drafts.svelte.js';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
};

const general = channelKey('1');
const random = channelKey('2');
const bob = dmKey('Bob');

describe('Drafts', () => {
  it('should keep a draft per conversation and give it back', () => {
    const drafts = new Drafts('u1', memoryStorage());
    drafts.set(general, 'half a thought');
    drafts.set(bob, 'for Bob');
    expect(drafts.get(general)).toBe('half a thought');
    expect(drafts.get(bob)).toBe('for Bob');
    expect(drafts.get(random)).toBe('');
    expect(drafts.has(general)).toBe(true);
    expect(drafts.has(random)).toBe(false);
  });

  it('should find the drafts again after a reload, for the same user only', () => {
    const storage = memoryStorage();
    new Drafts('u1', storage).set(general, '  keeps its spaces\n');
    expect(new Drafts('u1', storage).get(general)).toBe('  keeps its spaces\n');
    expect(new Drafts('u2', storage).has(general)).toBe(false);
  });

  it('should drop a draft when it is sent or erased', () => {
    const storage = memoryStorage();
    const drafts = new Drafts('u1', storage);
    drafts.set(general, 'sent soon');
    drafts.clear(general);
    expect(drafts.has(general)).toBe(false);
    drafts.set(bob, 'typed');
    drafts.set(bob, '   ');
    expect(drafts.has(bob)).toBe(false);
    expect(storage.items.has(draftsStorageKey('u1'))).toBe(false);
    expect(new Drafts('u1', storage).has(general)).toBe(false);
  });

  it('should keep at most the newest drafts, dropping those written longest ago', () => {
    const drafts = new Drafts('u1', memoryStorage(), 2);
    drafts.set(general, 'one');
    drafts.set(random, 'two');
    drafts.set(general, 'one again');
    drafts.set(bob, 'three');
    expect(drafts.has(random)).toBe(false);
    expect(drafts.get(general)).toBe('one again');
    expect(drafts.get(bob)).toBe('three');
  });

  it('should ignore stored values that are not drafts', () => {
    const storage = memoryStorage();
    storage.setItem(draftsStorageKey('u1'), JSON.stringify({ [general]: 'fine', 'channel:2': 42, other: 'x', [bob]: ' ' }));
    const drafts = new Drafts('u1', storage);
    expect(drafts.get(general)).toBe('fine');
    expect(drafts.has(random)).toBe(false);
    expect(drafts.has(bob)).toBe(false);
    storage.setItem(draftsStorageKey('u2'), 'not json');
    expect(new Drafts('u2', storage).has(general)).toBe(false);
  });

  it('should work without storage, or with one that refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    for (const storage of [refusing, null]) {
      const drafts = new Drafts('u1', storage);
      drafts.set(general, 'still here');
      expect(drafts.get(general)).toBe('still here');
      drafts.clear(general);
      expect(drafts.has(general)).toBe(false);
    }
  });
});
