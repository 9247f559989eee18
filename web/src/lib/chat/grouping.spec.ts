import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { withDaySeparators } from './format.js';
import { continuedKeys, continues } from './grouping.js';

const at = (time: string) => new Date(`2026-03-02T${time}:00`).toISOString();

describe('continues', () => {
  const first = chatMessage('1', 'ada', { createdAt: at('10:00') });

  it('should group a message by the same author within five minutes', () => {
    expect(continues(first, chatMessage('2', 'ada', { createdAt: at('10:05') }))).toBe(true);
  });

  it('should start a new group after five minutes, for another author, or for the first message', () => {
    expect(continues(first, chatMessage('2', 'ada', { createdAt: at('10:06') }))).toBe(false);
    expect(continues(first, chatMessage('2', 'bob', { createdAt: at('10:01') }))).toBe(false);
    expect(continues(null, first)).toBe(false);
  });

  it('should not group a message dated before the one above it', () => {
    expect(continues(first, chatMessage('2', 'ada', { createdAt: at('09:59') }))).toBe(false);
  });
});

describe('continuedKeys', () => {
  it('should mark every message but the first of a run', () => {
    const messages = [
      chatMessage('1', 'ada', { createdAt: at('10:00') }),
      chatMessage('2', 'ada', { createdAt: at('10:01') }),
      chatMessage('3', 'ada', { createdAt: at('10:04') }),
      chatMessage('4', 'bob', { createdAt: at('10:04') }),
      chatMessage('5', 'ada', { createdAt: at('10:05') }),
    ];
    expect([...continuedKeys(withDaySeparators(messages))]).toEqual(['2', '3']);
  });

  it('should measure five minutes from the message before, not from the group start', () => {
    const messages = ['10:00', '10:04', '10:08', '10:12'].map((time, index) =>
      chatMessage(String(index + 1), 'ada', { createdAt: at(time) }),
    );
    expect([...continuedKeys(withDaySeparators(messages))]).toEqual(['2', '3', '4']);
  });

  it('should start a new group after a day separator and at the "New" divider', () => {
    const messages = [
      chatMessage('1', 'ada', { createdAt: new Date('2026-03-02T23:59:00').toISOString() }),
      chatMessage('2', 'ada', { createdAt: new Date('2026-03-03T00:01:00').toISOString() }),
      chatMessage('3', 'ada', { createdAt: new Date('2026-03-03T00:02:00').toISOString() }),
      chatMessage('4', 'ada', { createdAt: new Date('2026-03-03T00:03:00').toISOString() }),
    ];
    expect([...continuedKeys(withDaySeparators(messages), '4')]).toEqual(['3']);
  });

  it('should group own messages still on their way by their client id', () => {
    const messages = [
      chatMessage('1', 'me', { createdAt: at('10:00') }),
      chatMessage('', 'me', { id: null, clientId: 'c1', createdAt: at('10:01'), status: 'pending' }),
    ];
    expect([...continuedKeys(withDaySeparators(messages))]).toEqual(['client:c1']);
  });
});
