import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from './conversation-key.js';
import { notableOf } from './notable.js';

const bob = { authorName: 'bob', body: 'lunch?' };
const names = (id: string) => (id === '1' ? 'general' : null);

describe('notableOf', () => {
  it('should tell every direct message, opening the conversation with its author', () => {
    expect(notableOf(dmKey('bob'), bob, false, names)).toEqual({ key: dmKey('bob'), path: '/dm/bob', title: 'bob', body: 'lunch?' });
  });

  it('should tell a channel message only when it mentions the reader, naming the channel', () => {
    expect(notableOf(channelKey('1'), bob, false, names)).toBeNull();
    expect(notableOf(channelKey('1'), bob, true, names)).toMatchObject({ path: '/c/1', title: 'bob in #general' });
    expect(notableOf(channelKey('9'), bob, true, names)?.title).toBe('bob in #a channel');
  });
});
