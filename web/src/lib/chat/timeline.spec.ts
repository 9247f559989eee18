import { describe, expect, it } from 'vitest';
import { addPending, findUnconfirmed, lastConfirmedId, mergeMessages, setDelivery, type ChatMessage } from './timeline.js';

const message = (id: string | null, overrides: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  clientId: null,
  authorId: '1',
  authorName: 'Ada',
  body: `message ${id}`,
  createdAt: '2025-03-01T10:00:00.000Z',
  status: id === null ? 'pending' : 'sent',
  ...overrides,
});

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

describe('delivery of own messages', () => {
  it('should mark a failed send with its reason and clear it for a retry', () => {
    const pending = addPending([], { clientId: 'c-1', authorId: '1', authorName: 'Ada', body: 'x', createdAt: '2025-03-01T10:00:00.000Z' });
    const failed = setDelivery(pending, 'c-1', 'failed', 'offline');
    expect(findUnconfirmed(failed, 'c-1')).toMatchObject({ status: 'failed', error: 'offline' });
    const retrying = setDelivery(failed, 'c-1', 'pending');
    expect(findUnconfirmed(retrying, 'c-1')).toMatchObject({ status: 'pending', error: undefined });
  });
});

describe('lastConfirmedId', () => {
  it('should give the newest confirmed id, where a subscription resumes', () => {
    expect(lastConfirmedId([message('99'), message('100'), message(null, { clientId: 'c' })])).toBe('100');
    expect(lastConfirmedId([])).toBeNull();
  });
});
