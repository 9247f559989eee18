import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { changeMessage, deleted, edited, lastEditable, rolledBack, withReaction } from './message-changes.js';

const ada = { id: '1', name: 'Ada' };
const bob = { id: '2', name: 'Bob' };

describe('withReaction', () => {
  it('should add a new emoji last and a user to an emoji already there, once', () => {
    const one = withReaction([], '👍', ada, true);
    const two = withReaction(one, '🎉', bob, true);
    const three = withReaction(two, '👍', bob, true);
    expect(three).toEqual([
      { emoji: '👍', users: [ada, bob] },
      { emoji: '🎉', users: [bob] },
    ]);
    expect(withReaction(three, '👍', bob, true)).toEqual(three);
  });

  it('should remove only that user, and the emoji once nobody has it', () => {
    const reactions = [
      { emoji: '👍', users: [ada, bob] },
      { emoji: '🎉', users: [bob] },
    ];
    expect(withReaction(reactions, '👍', ada, false)).toEqual([
      { emoji: '👍', users: [bob] },
      { emoji: '🎉', users: [bob] },
    ]);
    expect(withReaction(reactions, '🎉', bob, false)).toEqual([{ emoji: '👍', users: [ada, bob] }]);
    expect(withReaction(reactions, '😀', bob, false)).toEqual(reactions);
  });
});

describe('own changes before the server answers', () => {
  it('should change only the message with that id, keeping its version', () => {
    const list = [chatMessage('1', '1'), chatMessage('2', '1')];
    const next = changeMessage(list, '2', (m) => edited(m, 'fixed', '2025-03-01T11:00:00.000Z'));
    expect(next[0]).toBe(list[0]);
    expect(next[1]).toMatchObject({ body: 'fixed', editedAt: '2025-03-01T11:00:00.000Z', version: 1 });
    expect(changeMessage(list, '9', (m) => deleted(m))).toBe(list);
  });

  it('should delete in place with an empty body and no reactions', () => {
    const message = chatMessage('1', '1', { reactions: [{ emoji: '👍', users: [bob] }] });
    expect(deleted(message)).toMatchObject({ id: '1', body: '', deleted: true, reactions: [] });
  });

  it('should roll a refused change back with a note, but keep a newer copy from the server', () => {
    const before = chatMessage('1', '1', { version: 2 });
    const optimistic = edited(before, 'oops', '2025-03-01T11:00:00.000Z');
    expect(rolledBack(optimistic, before, 'Not saved.')).toEqual({ ...before, note: 'Not saved.' });
    const newer = chatMessage('1', '1', { body: 'from elsewhere', version: 3 });
    expect(rolledBack(newer, before, 'Not saved.')).toMatchObject({ body: 'from elsewhere', note: 'Not saved.' });
  });
});

describe('lastEditable', () => {
  it('should find the newest own confirmed message that is not deleted', () => {
    const list = [chatMessage('1', '1'), chatMessage('2', '1', { deleted: true }), chatMessage('3', '2')];
    expect(lastEditable(list, '1')?.id).toBe('1');
    expect(lastEditable([{ ...chatMessage('4', '1'), id: null }], '1')).toBeUndefined();
  });
});
