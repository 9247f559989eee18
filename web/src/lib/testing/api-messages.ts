/** Users and messages as the API answers them, for the specs of the chat's state. */
export const ada = { id: '1', name: 'Ada' };
export const bob = { id: '2', name: 'Bob' };

/** A channel message, by Bob unless told. */
export const apiMessage = (id: string, channelId: string, author = bob, extra: Record<string, unknown> = {}) => ({
  id,
  channelId,
  body: `message ${id}`,
  clientId: null,
  createdAt: '2025-03-01T10:00:00.000Z',
  author,
  editedAt: null,
  deleted: false,
  reactions: [],
  mentions: [],
  version: 1,
  ...extra,
});

/** A direct message, from Bob to Ada unless told. */
export const apiDirectMessage = (id: string, from = bob, to = ada) => ({
  id,
  body: `dm ${id}`,
  clientId: null,
  createdAt: '2025-03-01T10:00:00.000Z',
  from,
  to,
  editedAt: null,
  deleted: false,
  reactions: [],
  version: 1,
});

/** Lets the promise callbacks already due run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
