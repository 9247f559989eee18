import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from './errors.js';
import { decideDelete, decideEdit, decideReaction, requireParticipant, type ChangeableMessage } from './message-changes.js';
import { FRESH_MESSAGE_STATE, type User } from './models.js';

const ada: User = { id: '1', name: 'ada', protected: false };
const bob: User = { id: '2', name: 'bob', protected: false };
const message = (overrides: Partial<ChangeableMessage> = {}): ChangeableMessage => ({
  ...FRESH_MESSAGE_STATE,
  authorId: ada.id,
  body: 'hello',
  ...overrides,
});

const codeOf = (decide: () => unknown): ErrorCode => {
  try {
    decide();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error('the decision was not refused');
};

describe('decideEdit', () => {
  it('should replace the body and mentions of the author’s message', () => {
    expect(decideEdit(message(), ada.id, 'hello @bob', [bob.id])).toEqual({ kind: 'edit', body: 'hello @bob', mentionIds: [bob.id] });
  });

  it('should refuse anyone but the author with FORBIDDEN', () => {
    expect(codeOf(() => decideEdit(message(), bob.id, 'mine now', []))).toBe(ErrorCode.Forbidden);
  });

  it('should refuse to edit a deleted message with BAD_USER_INPUT', () => {
    expect(codeOf(() => decideEdit(message({ deleted: true, body: '' }), ada.id, 'back', []))).toBe(ErrorCode.BadUserInput);
  });

  it('should change nothing when the body is the same', () => {
    expect(decideEdit(message(), ada.id, 'hello', [])).toEqual({ kind: 'none' });
  });
});

describe('decideDelete', () => {
  it('should delete the author’s message', () => {
    expect(decideDelete(message(), ada.id)).toEqual({ kind: 'delete' });
  });

  it('should refuse anyone but the author with FORBIDDEN', () => {
    expect(codeOf(() => decideDelete(message(), bob.id))).toBe(ErrorCode.Forbidden);
  });

  it('should change nothing the second time', () => {
    expect(decideDelete(message({ deleted: true, body: '' }), ada.id)).toEqual({ kind: 'none' });
  });
});

describe('decideReaction', () => {
  const withThumb = message({ reactions: [{ emoji: '👍', users: [bob] }] });

  it('should add and remove the user’s emoji, on anyone’s message', () => {
    expect(decideReaction(message(), bob.id, '👍', true)).toEqual({ kind: 'react', emoji: '👍', userId: bob.id, on: true });
    expect(decideReaction(withThumb, bob.id, '👍', false)).toEqual({ kind: 'react', emoji: '👍', userId: bob.id, on: false });
  });

  it('should change nothing when the user already reacted so, or never did', () => {
    expect(decideReaction(withThumb, bob.id, '👍', true)).toEqual({ kind: 'none' });
    expect(decideReaction(withThumb, ada.id, '👍', false)).toEqual({ kind: 'none' });
    expect(decideReaction(message(), ada.id, '🎉', false)).toEqual({ kind: 'none' });
  });

  it('should refuse a reaction to a deleted message with BAD_USER_INPUT', () => {
    expect(codeOf(() => decideReaction(message({ deleted: true }), bob.id, '👍', true))).toBe(ErrorCode.BadUserInput);
  });

  it('should refuse a new emoji beyond the limit, but let a user join one already there', () => {
    const full = message({ reactions: ['😀', '😁', '😂'].map((emoji) => ({ emoji, users: [bob] })) });
    expect(codeOf(() => decideReaction(full, ada.id, '🎉', true, 3))).toBe(ErrorCode.BadUserInput);
    expect(decideReaction(full, ada.id, '😀', true, 3)).toEqual({ kind: 'react', emoji: '😀', userId: ada.id, on: true });
    expect(decideReaction(full, bob.id, '😀', false, 3)).toEqual({ kind: 'react', emoji: '😀', userId: bob.id, on: false });
  });
});

describe('requireParticipant', () => {
  it('should let either user of a direct message through and tell anyone else it does not exist', () => {
    const dm = { from: ada, to: bob };
    expect(() => requireParticipant(dm, ada.id)).not.toThrow();
    expect(() => requireParticipant(dm, bob.id)).not.toThrow();
    expect(codeOf(() => requireParticipant(dm, '3'))).toBe(ErrorCode.NotFound);
  });
});
