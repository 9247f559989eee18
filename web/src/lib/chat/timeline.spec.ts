import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { addPending, findUnconfirmed, lastConfirmedId, mergeMessages, setDelivery, type ChatMessage } from './timeline.js';

const message = (id: string | null, overrides: Partial<ChatMessage> = {}): ChatMessage =>
  id === null ? { ...chatMessage('0', '1'), id: null, status: 'pending', version: 0, ...overrides } : chatMessage(id, '1', overrides);

describe('mergeMessages', () => {
  it('should keep each message once, in id order compared as numbers', () => {
    const merged = mergeMessages([message('9'), message('10')], [message('10'), message('2'), message('11')], 100);
    expect(merged.map((m) => m.id)).toEqual(['2', '9', '10', '11']);
  });

  it('should replace a pending own message by the confirmed one with the same clientId', () => {
    const pending = addPending([message('1')], {
      clientId: 'c-1',
      authorId: '7',
      authorName: 'Bob',
      body: 'hi',
      createdAt: '2025-03-01T10:01:00.000Z',
    });
    const merged = mergeMessages(pending, [message('2', { clientId: 'c-1', authorId: '7', body: 'hi' })], 100);
    expect(merged.map((m) => [m.id, m.status])).toEqual([
      ['1', 'sent'],
      ['2', 'sent'],
    ]);
  });

  it('should not let another author confirm an own pending message by reusing its clientId', () => {
    const pending = addPending([], {
      clientId: 'c-1',
      authorId: '7',
      authorName: 'Bob',
      body: 'hi',
      createdAt: '2025-03-01T10:01:00.000Z',
    });
    const merged = mergeMessages(pending, [message('2', { clientId: 'c-1', authorId: '8' })], 100);
    expect(merged.map((m) => m.id)).toEqual(['2', null]);
  });

  it('should keep only the newest `limit` confirmed messages, with unconfirmed ones after them', () => {
    const pending = addPending([], { clientId: 'c-9', authorId: '1', authorName: 'Ada', body: 'x', createdAt: '2025-03-01T10:00:00.000Z' });
    const merged = mergeMessages(
      pending,
      ['1', '2', '3', '4'].map((id) => message(id)),
      3,
    );
    expect(merged.map((m) => m.id)).toEqual(['2', '3', '4', null]);
  });
});

describe('mergeMessages by version', () => {
  it('should keep for each id the copy with the larger version, whichever comes first', () => {
    const edited = message('5', { body: 'edited', version: 3 });
    const older = message('5', { body: 'first', version: 2 });
    expect(mergeMessages([older], [edited], 100)[0]!.body).toBe('edited');
    expect(mergeMessages([edited], [older], 100)[0]!.body).toBe('edited');
    // The same version again (a re-read history) changes nothing, not even the object shown.
    expect(mergeMessages([edited], [{ ...edited }], 100)[0]).toBe(edited);
  });
});

describe('delivery of own messages', () => {
  it('should mark a failed send with its reason and whether a retry helps, and clear it for a retry', () => {
    const pending = addPending([], { clientId: 'c-1', authorId: '1', authorName: 'Ada', body: 'x', createdAt: '2025-03-01T10:00:00.000Z' });
    const failed = setDelivery(pending, 'c-1', 'failed', { error: 'Slow down.', retryable: true });
    expect(findUnconfirmed(failed, 'c-1')).toMatchObject({ status: 'failed', error: 'Slow down.', retryable: true });
    const retrying = setDelivery(failed, 'c-1', 'pending');
    expect(findUnconfirmed(retrying, 'c-1')).toMatchObject({ status: 'pending', error: undefined, retryable: undefined });
  });

  it('should keep a message written offline as waiting, with nothing to retry', () => {
    const waiting = addPending(
      [],
      { clientId: 'c-2', authorId: '1', authorName: 'Ada', body: 'x', createdAt: '2025-03-01T10:00:00.000Z' },
      'waiting',
    );
    expect(findUnconfirmed(waiting, 'c-2')).toMatchObject({ status: 'waiting', id: null });
    expect(findUnconfirmed(setDelivery(waiting, 'c-2', 'pending'), 'c-2')).toMatchObject({ status: 'pending' });
  });
});

describe('lastConfirmedId', () => {
  it('should give the newest confirmed id, where a subscription resumes', () => {
    expect(lastConfirmedId([message('99'), message('100'), message(null, { clientId: 'c' })])).toBe('100');
    expect(lastConfirmedId([])).toBeNull();
  });
});
