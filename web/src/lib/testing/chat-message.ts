import type { ChatMessage } from '../chat/timeline.js';

/** A confirmed message for specs: by Ada when authorId is '1', by Bob otherwise. */
export const chatMessage = (id: string, authorId = '2', overrides: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  clientId: null,
  authorId,
  authorName: authorId === '1' ? 'Ada' : 'Bob',
  body: `message ${id}`,
  createdAt: '2025-03-01T10:00:00.000Z',
  status: 'sent',
  editedAt: null,
  deleted: false,
  reactions: [],
  mentions: [],
  version: 1,
  ...overrides,
});
