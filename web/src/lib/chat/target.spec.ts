import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from './conversation-key.js';
import { DIRECT, resumeAfterHistory, Targets } from './target.js';

describe('Targets', () => {
  it('should address a channel by its id', () => {
    expect(new Targets().of(channelKey('12'))).toEqual({ kind: 'channel', key: 'channel:12', channelId: '12' });
  });

  it('should address a person as the server spells the name, whatever the address bar said', () => {
    const targets = new Targets();
    const key = targets.keyFor('BOB');
    expect(targets.of(key)).toEqual({ kind: 'direct', key: dmKey('Bob'), person: 'BOB' });
    expect(targets.remember('Bob')).toBe(key);
    expect(targets.keyFor('bob')).toBe(key);
    expect(targets.of(key)).toMatchObject({ kind: 'direct', person: 'Bob' });
  });

  it('should address a person it was never told of by the name in the key', () => {
    expect(new Targets().of(dmKey('Zoë'))).toMatchObject({ kind: 'direct', person: 'zoë' });
  });
});

describe('resumeAfterHistory', () => {
  const targets = new Targets();

  it("should resume a channel's own stream after its newest message, or from its start when it is empty", () => {
    expect(resumeAfterHistory(targets.of(channelKey('1')), '41')).toEqual({ stream: 'channel:1', after: '41' });
    expect(resumeAfterHistory(targets.of(channelKey('1')), null)).toEqual({ stream: 'channel:1', after: '0' });
  });

  it('should move the stream of direct messages only for a conversation that has messages', () => {
    expect(resumeAfterHistory(targets.of(dmKey('Bob')), '7')).toEqual({ stream: DIRECT, after: '7' });
    expect(resumeAfterHistory(targets.of(dmKey('Bob')), null)).toEqual({ stream: DIRECT, after: null });
  });
});
