import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Channel, DirectMessage, Message, User } from '../../domain/models.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ClaimNameInput,
  ClaimNameResult,
  Store,
  StoredSession,
} from '../store.js';
import { orderedPair } from '../ordered-pair.js';
import { sqliteMigrations } from './migrations.js';

type Row = Record<string, any>;

const MESSAGE_COLUMNS = `m.id, m.channel_id, m.body, m.client_id, m.created_at, u.id AS author_id, u.name AS author_name`;
const DIRECT_COLUMNS = `d.id, d.body, d.client_id, d.created_at,
  f.id AS from_id, f.name AS from_name, t.id AS to_id, t.name AS to_name`;
const DIRECT_FROM = `direct_messages d JOIN users f ON f.id = d.sender_id JOIN users t ON t.id = d.recipient_id`;

const toUser = (id: unknown, name: string): User => ({ id: String(id), name });
const toChannel = (row: Row): Channel => ({ id: String(row.id), name: row.name, createdAt: row.created_at });
const toMessage = (row: Row): Message => ({
  id: String(row.id),
  channelId: String(row.channel_id),
  author: toUser(row.author_id, row.author_name),
  body: row.body,
  createdAt: row.created_at,
  clientId: row.client_id,
});
const toDirectMessage = (row: Row): DirectMessage => ({
  id: String(row.id),
  from: toUser(row.from_id, row.from_name),
  to: toUser(row.to_id, row.to_name),
  body: row.body,
  createdAt: row.created_at,
  clientId: row.client_id,
});

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is
 * synchronous, so each method runs its transaction to the end before any other
 * JavaScript runs; SQLite's single writer makes ids increase in commit order.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<SqliteStore['prepare']>;

  constructor(filename: string) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode loses nothing when the process dies (even by kill -9);
    // only a power cut may take the last transactions. FULL would fsync each send.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = this.prepare();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > sqliteMigrations.length)
      throw new Error(
        `The database is at schema version ${version}, newer than this server knows (${sqliteMigrations.length}). Run a newer Flask-Chat, or point DATABASE_URL at another file.`,
      );
    for (let next = version; next < sqliteMigrations.length; next++) {
      this.db.transaction(() => {
        this.db.exec(sqliteMigrations[next]!);
        this.db.pragma(`user_version = ${next + 1}`);
      }).immediate();
    }
  }

  private prepare() {
    const db = this.db;
    return {
      userByKey: db.prepare(`SELECT id, name FROM users WHERE name_key = ?`),
      insertUser: db.prepare(`INSERT INTO users (name, name_key, created_at) VALUES (?, ?, ?)`),
      renameUser: db.prepare(`UPDATE users SET name = ? WHERE id = ?`),
      liveSessionsOfUser: db.prepare(`SELECT id, last_used_at FROM sessions WHERE user_id = ? AND ended_at IS NULL`),
      insertSession: db.prepare(
        `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?)`,
      ),
      endSession: db.prepare(`UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL`),
      sessionByHash: db.prepare(
        `SELECT s.id, s.last_used_at, u.id AS user_id, u.name FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.ended_at IS NULL`,
      ),
      touchSession: db.prepare(`UPDATE sessions SET last_used_at = ? WHERE id = ? AND ended_at IS NULL`),
      partners: db.prepare(
        `SELECT u.id, u.name FROM (
           SELECT CASE WHEN sender_id = @user THEN recipient_id ELSE sender_id END AS other, MAX(id) AS newest
           FROM direct_messages WHERE sender_id = @user OR recipient_id = @user GROUP BY other
         ) p JOIN users u ON u.id = p.other ORDER BY p.newest DESC`,
      ),
      insertChannel: db.prepare(
        `INSERT INTO channels (name, name_key, created_at) VALUES (?, ?, ?) ON CONFLICT (name_key) DO NOTHING`,
      ),
      channels: db.prepare(`SELECT id, name, created_at FROM channels ORDER BY name_key, id`),
      channel: db.prepare(`SELECT id, name, created_at FROM channels WHERE id = ?`),
      messageByClientId: db.prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
         WHERE m.channel_id = ? AND m.author_id = ? AND m.client_id = ?`,
      ),
      insertMessage: db.prepare(
        `INSERT INTO messages (channel_id, author_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      message: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?`),
      pruneMessages: db.prepare(
        `DELETE FROM messages WHERE channel_id = @channel AND id <= (
           SELECT id FROM messages WHERE channel_id = @channel ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
      ),
      latestMessages: db.prepare(
        `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
         WHERE m.channel_id = ? ORDER BY m.id DESC LIMIT ?) ORDER BY id`,
      ),
      messagesAfter: db.prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
         WHERE m.channel_id = ? AND m.id > ? ORDER BY m.id`,
      ),
      directByClientId: db.prepare(
        `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM} WHERE d.sender_id = ? AND d.recipient_id = ? AND d.client_id = ?`,
      ),
      insertDirect: db.prepare(
        `INSERT INTO direct_messages (sender_id, recipient_id, user_low, user_high, body, client_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      direct: db.prepare(`SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM} WHERE d.id = ?`),
      pruneDirect: db.prepare(
        `DELETE FROM direct_messages WHERE user_low = @low AND user_high = @high AND id <= (
           SELECT id FROM direct_messages WHERE user_low = @low AND user_high = @high ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
      ),
      latestDirect: db.prepare(
        `SELECT * FROM (SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM}
         WHERE d.user_low = ? AND d.user_high = ? ORDER BY d.id DESC LIMIT ?) ORDER BY id`,
      ),
      anyDirect: db.prepare(`SELECT 1 FROM direct_messages WHERE user_low = ? AND user_high = ? LIMIT 1`),
      directAfter: db.prepare(
        `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM}
         WHERE d.id > @after AND (d.sender_id = @user OR d.recipient_id = @user) ORDER BY d.id`,
      ),
    };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    const s = this.statements;
    const nowIso = input.now.toISOString();
    const idleSince = new Date(input.now.getTime() - input.idleLimitMs).toISOString();
    return this.db
      .transaction((): ClaimNameResult => {
        const existing = s.userByKey.get(input.nameKey) as Row | undefined;
        let userId: number | bigint;
        const endedSessionIds: string[] = [];
        if (existing) {
          userId = existing.id;
          for (const session of s.liveSessionsOfUser.all(userId) as Row[]) {
            const own = String(session.id) === input.currentSessionId;
            if (!own && session.last_used_at > idleSince) return { ok: false, reason: 'taken' };
            endedSessionIds.push(String(session.id));
          }
          for (const id of endedSessionIds) s.endSession.run(nowIso, id);
          // The holder of a free name may restyle it ("ada" → "Ada").
          if (existing.name !== input.name) s.renameUser.run(input.name, userId);
        } else {
          userId = s.insertUser.run(input.name, input.nameKey, nowIso).lastInsertRowid;
        }
        const sessionId = s.insertSession.run(userId, input.tokenHash, nowIso, nowIso).lastInsertRowid;
        return { ok: true, user: toUser(userId, input.name), sessionId: String(sessionId), endedSessionIds };
      })
      .immediate();
  }

  async findSession(tokenHash: string, now: Date, idleLimitMs: number): Promise<StoredSession | null> {
    const row = this.statements.sessionByHash.get(tokenHash) as Row | undefined;
    if (!row) return null;
    const lastUsedAt = new Date(row.last_used_at);
    if (now.getTime() - lastUsedAt.getTime() > idleLimitMs) return null;
    return { sessionId: String(row.id), user: toUser(row.user_id, row.name), lastUsedAt };
  }

  async endSession(sessionId: string): Promise<boolean> {
    return this.statements.endSession.run(new Date().toISOString(), sessionId).changes > 0;
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    this.statements.touchSession.run(now.toISOString(), sessionId);
  }

  async findUserByNameKey(nameKey: string): Promise<User | null> {
    const row = this.statements.userByKey.get(nameKey) as Row | undefined;
    return row ? toUser(row.id, row.name) : null;
  }

  async findUsersByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT id, name FROM users WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY name_key`)
      .all(...ids) as Row[];
    return rows.map((row) => toUser(row.id, row.name));
  }

  async listConversationPartners(userId: string): Promise<User[]> {
    return (this.statements.partners.all({ user: userId }) as Row[]).map((row) => toUser(row.id, row.name));
  }

  async createChannel(name: string, nameKey: string, now: Date): Promise<Channel | null> {
    const result = this.statements.insertChannel.run(name, nameKey, now.toISOString());
    if (result.changes === 0) return null;
    return toChannel(this.statements.channel.get(result.lastInsertRowid) as Row);
  }

  async listChannels(): Promise<Channel[]> {
    return (this.statements.channels.all() as Row[]).map(toChannel);
  }

  async findChannel(id: string): Promise<Channel | null> {
    const row = this.statements.channel.get(id) as Row | undefined;
    return row ? toChannel(row) : null;
  }

  async addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }> {
    const s = this.statements;
    const result = this.db
      .transaction(() => {
        if (input.clientId !== null) {
          const first = s.messageByClientId.get(input.channelId, input.authorId, input.clientId) as Row | undefined;
          if (first) return { message: toMessage(first), created: false };
        }
        const { lastInsertRowid } = s.insertMessage.run(
          input.channelId,
          input.authorId,
          input.body,
          input.clientId,
          input.now.toISOString(),
        );
        s.pruneMessages.run({ channel: input.channelId, keep: input.keep });
        return { message: toMessage(s.message.get(lastInsertRowid) as Row), created: true };
      })
      .immediate();
    // Called before this method yields: no later transaction can commit before the announcement starts.
    if (result.created) await input.announce?.(result.message);
    return result;
  }

  async latestMessages(channelId: string, last: number): Promise<Message[]> {
    if (last <= 0) return [];
    return (this.statements.latestMessages.all(channelId, last) as Row[]).map(toMessage);
  }

  async messagesAfter(channelId: string, afterId: string): Promise<Message[]> {
    return (this.statements.messagesAfter.all(channelId, afterId) as Row[]).map(toMessage);
  }

  async addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }> {
    const s = this.statements;
    const [low, high] = orderedPair(input.fromId, input.toId);
    const result = this.db
      .transaction(() => {
        if (input.clientId !== null) {
          const first = s.directByClientId.get(input.fromId, input.toId, input.clientId) as Row | undefined;
          if (first) return { message: toDirectMessage(first), created: false };
        }
        const { lastInsertRowid } = s.insertDirect.run(
          input.fromId,
          input.toId,
          low,
          high,
          input.body,
          input.clientId,
          input.now.toISOString(),
        );
        s.pruneDirect.run({ low, high, keep: input.keep });
        return { message: toDirectMessage(s.direct.get(lastInsertRowid) as Row), created: true };
      })
      .immediate();
    if (result.created) await input.announce?.(result.message);
    return result;
  }

  async latestDirectMessages(userId: string, otherUserId: string, last: number): Promise<DirectMessage[]> {
    if (last <= 0) return [];
    const [low, high] = orderedPair(userId, otherUserId);
    return (this.statements.latestDirect.all(low, high, last) as Row[]).map(toDirectMessage);
  }

  async hasDirectMessagesBetween(userId: string, otherUserId: string): Promise<boolean> {
    const [low, high] = orderedPair(userId, otherUserId);
    return this.statements.anyDirect.get(low, high) !== undefined;
  }

  async directMessagesAfter(userId: string, afterId: string): Promise<DirectMessage[]> {
    return (this.statements.directAfter.all({ user: userId, after: afterId }) as Row[]).map(toDirectMessage);
  }
}
