import type { Channel, DirectMessage, Message, User } from '../../domain/models.js';

/**
 * Rows as node-postgres returns them: bigint as a decimal string (ids keep
 * every digit), timestamptz as a Date, turned back into the domain's ISO
 * strings here.
 */
export type Row = Record<string, any>;

export const USER_COLUMNS = `id, name, password_hash IS NOT NULL AS protected`;
export const MESSAGE_COLUMNS = `m.id, m.channel_id, m.body, m.client_id, m.created_at,
  u.id AS author_id, u.name AS author_name, u.password_hash IS NOT NULL AS author_protected`;
export const DIRECT_COLUMNS = `d.id, d.body, d.client_id, d.created_at,
  f.id AS from_id, f.name AS from_name, f.password_hash IS NOT NULL AS from_protected,
  t.id AS to_id, t.name AS to_name, t.password_hash IS NOT NULL AS to_protected`;
export const DIRECT_JOINS = `JOIN users f ON f.id = d.sender_id JOIN users t ON t.id = d.recipient_id`;

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

export const toUser = (id: unknown, name: string, isProtected: unknown): User => ({
  id: String(id),
  name,
  protected: Boolean(isProtected),
});

export const toChannel = (row: Row): Channel => ({ id: String(row.id), name: row.name, createdAt: iso(row.created_at) });

export const toMessage = (row: Row): Message => ({
  id: String(row.id),
  channelId: String(row.channel_id),
  author: toUser(row.author_id, row.author_name, row.author_protected),
  body: row.body,
  createdAt: iso(row.created_at),
  clientId: row.client_id,
});

export const toDirectMessage = (row: Row): DirectMessage => ({
  id: String(row.id),
  from: toUser(row.from_id, row.from_name, row.from_protected),
  to: toUser(row.to_id, row.to_name, row.to_protected),
  body: row.body,
  createdAt: iso(row.created_at),
  clientId: row.client_id,
});

/** DATABASE_URL without its password, for messages and logs. */
export function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}
