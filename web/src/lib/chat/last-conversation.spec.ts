import { describe, expect, it } from 'vitest';
import { channelIdOf, channelKey, channelPath, dmKey, dmPath, isConversationPath } from './conversation-key.js';
import { forgetConversation, recallConversation, rememberConversation } from './last-conversation.js';
import { isSendShortcut } from './shortcuts.js';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
};

describe('the last open conversation', () => {
  it('should be remembered per user, case-insensitively', () => {
    const storage = memoryStorage();
    rememberConversation('Ada', '/c/7', storage);
    rememberConversation('Bob', '/dm/Ada', storage);
    expect(recallConversation('ADA', storage)).toBe('/c/7');
    expect(recallConversation('bob', storage)).toBe('/dm/Ada');
    expect(recallConversation('Carol', storage)).toBeNull();
  });

  it('should never follow a stored value that is not a conversation path', () => {
    const storage = memoryStorage();
    storage.items.set('flask-chat:last-conversation:ada', 'https://evil.example/');
    expect(recallConversation('Ada', storage)).toBeNull();
    rememberConversation('Ada', '//evil.example', storage);
    expect(storage.items.get('flask-chat:last-conversation:ada')).toBe('https://evil.example/');
  });

  it('should survive a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => rememberConversation('Ada', '/c/1', broken)).not.toThrow();
    expect(recallConversation('Ada', broken)).toBeNull();
    expect(() => forgetConversation('Ada', '/c/1', broken)).not.toThrow();
  });
});

describe('conversation keys and paths', () => {
  it('should give each channel and each person one key and one URL', () => {
    expect(channelKey('3')).toBe('channel:3');
    expect(channelIdOf(channelKey('3'))).toBe('3');
    expect(channelIdOf(dmKey('Ann'))).toBeNull();
    expect(dmKey('ÉMILE')).toBe(dmKey('émile'));
    expect(channelPath('3')).toBe('/c/3');
    expect(dmPath('Ann Lee')).toBe('/dm/Ann%20Lee');
    expect(isConversationPath(dmPath('Ann Lee'))).toBe(true);
    expect(isConversationPath('/c/0')).toBe(false);
    expect(isConversationPath('/login')).toBe(false);
  });
});

describe('isSendShortcut', () => {
  const key = (init: Partial<KeyboardEvent>) => ({ key: 'Enter', ctrlKey: false, metaKey: false, isComposing: false, ...init });

  it('should send on Ctrl+Enter and Cmd+Enter only', () => {
    expect(isSendShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isSendShortcut(key({ metaKey: true }))).toBe(true);
    expect(isSendShortcut(key({}))).toBe(false);
    expect(isSendShortcut(key({ key: 'a', ctrlKey: true }))).toBe(false);
  });

  it('should not send while an input method is composing', () => {
    expect(isSendShortcut(key({ ctrlKey: true, isComposing: true }))).toBe(false);
  });

  it('should forget a conversation only while it is still the one remembered', () => {
    const storage = memoryStorage();
    rememberConversation('Ada', '/c/404', storage);
    forgetConversation('Ada', '/c/7', storage);
    expect(recallConversation('Ada', storage)).toBe('/c/404');
    forgetConversation('Ada', '/c/404', storage);
    expect(recallConversation('Ada', storage)).toBeNull();
  });
});
