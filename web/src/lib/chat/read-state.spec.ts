import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { countMessage, firstUnreadId, fromServer, movesMarker, NOTHING_UNREAD, unreadAmong } from './read-state.js';

describe('read state', () => {
  it('should count a message after the marker, and a mention twice over, but nothing at or before the marker', () => {
    const state = { lastReadId: '10', unread: 1, mentions: 0 };
    expect(countMessage(state, { id: '11' }, true)).toEqual({ lastReadId: '10', unread: 2, mentions: 1 });
    expect(countMessage(state, { id: '10' }, true)).toBe(state);
    expect(countMessage(state, { id: '9' }, false)).toBe(state);
    expect(countMessage(NOTHING_UNREAD, { id: '1' }, false).unread).toBe(1);
  });

  it("should take the server's state unless it is behind the marker already known", () => {
    const known = { lastReadId: '20', unread: 0, mentions: 0 };
    expect(fromServer(known, { lastReadId: '9', unread: 5, mentions: 1 })).toBe(known);
    expect(fromServer(known, { lastReadId: '20', unread: 2, mentions: 0 })).toEqual({ lastReadId: '20', unread: 2, mentions: 0 });
    expect(fromServer(known, { lastReadId: '100', unread: 0, mentions: 0 }).lastReadId).toBe('100');
    expect(fromServer(NOTHING_UNREAD, { lastReadId: null, unread: 3, mentions: 1 }).unread).toBe(3);
  });

  it('should move the marker only forward, comparing ids as numbers', () => {
    expect(movesMarker({ ...NOTHING_UNREAD, lastReadId: '9' }, '10')).toBe(true);
    expect(movesMarker({ ...NOTHING_UNREAD, lastReadId: '10' }, '10')).toBe(false);
    expect(movesMarker(NOTHING_UNREAD, '1')).toBe(true);
    expect(movesMarker(NOTHING_UNREAD, null)).toBe(false);
  });

  it("should put the divider above the first message after the marker that someone else wrote, never above one's own", () => {
    const list = [chatMessage('8'), chatMessage('9', '1'), chatMessage('10', '1'), chatMessage('11'), chatMessage('12')];
    expect(firstUnreadId(list, '8', '1')).toBe('11');
    expect(firstUnreadId(list, '12', '1')).toBeNull();
    // Never read: the conversation opens at its newest messages, with no divider at the top of its history.
    expect(firstUnreadId(list, null, '1')).toBeNull();
    expect(unreadAmong(list, '8', '1')).toBe(2);
    expect(unreadAmong(list, null, '1')).toBe(3);
  });
});
