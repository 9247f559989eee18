import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { decideClaim } from '../../domain/claims.js';
import type { Channel, DirectMessage, Message, User } from '../../domain/models.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ClaimNameInput,
  ClaimNameResult,
  OutboxEntry,
  OutboxEvent,
  Store,
  StoredClaimCandidate,
  StoredSession,
  WrittenOutboxEntry,
} from '../store.js';
import { groupCandidates } from '../claim-candidates.js';
import { orderedPair } from '../ordered-pair.js';
import { sqliteMigrations } from './migrations.js';
import {
  checkDatabaseIntegrity,
  describeOpenFailure,
  lockDatabaseFile,
  prepareDatabaseFile,
  type InstanceLock,
} from './sqlite-file.js';

type Row = Record<string, any>;

/** How long a write waits for another program (a backup, the sqlite3 shell) to release the database. */
const BUSY_TIMEOUT_MS = 5000;

/** Thrown to roll a probe back: never leaves the store. */
const ROLLED_BACK = Symbol('rolled back');

const USER_COLUMNS = `id, name, password_hash IS NOT NULL AS protected`;
const MESSAGE_COLUMNS = `m.id, m.channel_id, m.body, m.client_id, m.created_at,
  u.id AS author_id, u.name AS author_name, u.password_hash IS NOT NULL AS author_protected`;
const DIRECT_COLUMNS = `d.id, d.body, d.client_id, d.created_at,
  f.id AS from_id, f.name AS from_name, f.password_hash IS NOT NULL AS from_protected,
  t.id AS to_id, t.name AS to_name, t.password_hash IS NOT NULL AS to_protected`;
const DIRECT_FROM = `direct_messages d JOIN users f ON f.id = d.sender_id JOIN users t ON t.id = d.recipient_id`;

const toUser = (id: unknown, name: string, isProtected: unknown): User => ({
  id: String(id),
  name,
  protected: Boolean(isProtected),
});
const toChannel = (row: Row): Channel => ({ id: String(row.id), name: row.name, createdAt: row.created_at });
const toMessage = (row: Row): Message => ({
  id: String(row.id),
  channelId: String(row.channel_id),
  author: toUser(row.author_id, row.author_name, row.author_protected),
  body: row.body,
  createdAt: row.created_at,
  clientId: row.client_id,
});
const toDirectMessage = (row: Row): DirectMessage => ({
  id: String(row.id),
  from: toUser(row.from_id, row.from_name, row.from_protected),
  to: toUser(row.to_id, row.to_name, row.to_protected),
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
  private readonly lock: InstanceLock | null = null;

  /**
   * Opens (or creates) the file and migrates it. Refuses, with a message
   * that names DATABASE_URL and the file and says what to do: a file or
   * directory it cannot write, a path that is not a regular file on a disk,
   * a damaged database (left untouched), and a database another instance is
   * using.
   */
  constructor(filename: string) {
    if (filename === ':memory:') {
      this.db = new Database(filename);
    } else {
      const path = prepareDatabaseFile(filename);
      this.lock = lockDatabaseFile(filename, path);
      try {
        checkDatabaseIntegrity(filename, path);
        this.db = new Database(path);
      } catch (error) {
        this.lock.release();
        throw describeOpenFailure(filename, path, error);
      }
    }
    try {
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode loses nothing when the process dies (even by kill -9);
      // only a power cut may take the last transactions. FULL would fsync each send.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.migrate();
      this.db.pragma('foreign_keys = ON');
      this.statements = this.prepare();
    } catch (error) {
      this.db.close();
      this.lock?.release();
      throw filename === ':memory:' ? error : describeOpenFailure(filename, resolve(filename), error);
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > sqliteMigrations.length)
      throw new Error(
        `The database is at schema version ${version}, newer than this server knows (${sqliteMigrations.length}). Run a newer Flask-Chat, or point DATABASE_URL at another file.`,
      );
    // Off while migrating (it cannot change inside a transaction): rebuilding
    // a table that others refer to is SQLite's documented way to alter it.
    this.db.pragma('foreign_keys = OFF');
    for (let next = version; next < sqliteMigrations.length; next++) {
      const step = sqliteMigrations[next]!;
      this.db.transaction(() => {
        if (typeof step === 'string') this.db.exec(step);
        else step(this.db);
        const broken = this.db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`Migration ${next + 1} left ${broken.length} broken references; nothing was changed.`);
        this.db.pragma(`user_version = ${next + 1}`);
      }).immediate();
    }
  }

  private prepare() {
    const db = this.db;
    return {
      touchHealth: db.prepare(`UPDATE health SET checked_at = ? WHERE id = 1`),
      fillHealthProbe: db.prepare(`UPDATE health SET probe = zeroblob(?) WHERE id = 1`),
      claimCandidates: db.prepare(
        `SELECT u.id, u.name, u.name_key, u.password_hash, s.id AS session_id, s.last_used_at
         FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND s.ended_at IS NULL
         WHERE u.ended_at IS NULL AND (u.name_key = ? OR u.skeleton = ?) ORDER BY u.id, s.id`,
      ),
      insertUser: db.prepare(
        `INSERT INTO users (name, name_key, skeleton, claim_key, created_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      endUser: db.prepare(`UPDATE users SET ended_at = ?, claim_key = NULL WHERE id = ? AND ended_at IS NULL`),
      releaseUser: db.prepare(
        `UPDATE users SET ended_at = ?, claim_key = NULL WHERE id = ? AND ended_at IS NULL AND password_hash IS NULL`,
      ),
      renameUser: db.prepare(`UPDATE users SET name = ? WHERE id = ?`),
      user: db.prepare(`SELECT ${USER_COLUMNS}, name_key FROM users WHERE id = ?`),
      setPassword: db.prepare(`UPDATE users SET password_hash = ? WHERE id = ? AND ended_at IS NULL`),
      passwordOf: db.prepare(`SELECT password_hash FROM users WHERE id = ?`),
      liveUserByName: db.prepare(
        `SELECT ${USER_COLUMNS} FROM users WHERE ended_at IS NULL AND (name_key = @key OR skeleton = @skeleton)
         ORDER BY name_key = @key DESC, id LIMIT 1`,
      ),
      endedUserByName: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE name_key = ? ORDER BY id DESC LIMIT 1`),
      insertSession: db.prepare(
        `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?)`,
      ),
      endSession: db.prepare(`UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL`),
      sessionByHash: db.prepare(
        `SELECT s.id, s.last_used_at, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.ended_at IS NULL`,
      ),
      touchSession: db.prepare(`UPDATE sessions SET last_used_at = ? WHERE id = ? AND ended_at IS NULL`),
      partners: db.prepare(
        `SELECT u.id, u.name, u.password_hash IS NOT NULL AS protected FROM (
           SELECT CASE WHEN sender_id = @user THEN recipient_id ELSE sender_id END AS other, MAX(id) AS newest
           FROM direct_messages WHERE sender_id = @user OR recipient_id = @user GROUP BY other
         ) p JOIN users u ON u.id = p.other ORDER BY p.newest DESC`,
      ),
      insertChannel: db.prepare(
        // Either key taken (the name, or a look-alike of it) makes this insert nothing.
        `INSERT INTO channels (name, name_key, skeleton, claim_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
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
      insertOutbox: db.prepare(`INSERT INTO event_outbox (events, created_at) VALUES (?, ?)`),
      outboxBefore: db.prepare(`SELECT 1 FROM event_outbox WHERE id < ? LIMIT 1`),
      pendingOutbox: db.prepare(`SELECT id, events FROM event_outbox WHERE created_at < ? ORDER BY id LIMIT ?`),
      removeOutbox: db.prepare(`DELETE FROM event_outbox WHERE id = ?`),
      directAfter: db.prepare(
        `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM}
         WHERE d.id > @after AND (d.sender_id = @user OR d.recipient_id = @user) ORDER BY d.id`,
      ),
    };
  }

  /**
   * A write that tells whether a send would be stored now: one row updated
   * and committed (fails while the file or its disk is read-only, another
   * program holds the lock, or the WAL cannot grow), and, rolled back inside
   * it, two pages of new data (fails while the file cannot grow: disk full,
   * max_page_count). Waits for a lock a quarter of a second, not the busy
   * timeout: the event loop stops while SQLite waits.
   */
  async ping(): Promise<void> {
    const s = this.statements;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    this.db.pragma('busy_timeout = 250');
    try {
      this.db
        .transaction(() => {
          s.touchHealth.run(new Date().toISOString());
          try {
            this.db.transaction(() => {
              s.fillHealthProbe.run(2 * pageSize);
              throw ROLLED_BACK;
            })();
          } catch (error) {
            if (error !== ROLLED_BACK) throw error;
          }
        })
        .immediate();
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /**
   * Runs a PRAGMA on the store's own connection and returns its first value,
   * for maintenance and for tests: some settings, such as max_page_count,
   * hold per connection, so another connection to the file cannot set them.
   */
  async pragma(source: string): Promise<unknown> {
    return this.db.pragma(source, { simple: true });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    const s = this.statements;
    const nowIso = input.now.toISOString();
    return this.db
      .transaction((): ClaimNameResult => {
        const decision = decideClaim(this.claimCandidates(input.nameKey, input.skeleton), input);
        if (decision.kind === 'taken' || decision.kind === 'wrong-password')
          return { ok: false, reason: decision.kind, holder: decision.holder };
        for (const id of decision.endSessionIds) s.endSession.run(nowIso, id);
        let userId: number | bigint | string;
        if (decision.kind === 'continue') {
          userId = decision.userId;
          // The same name restyled ("ada" → "Ada") by the browser holding it; a
          // look-alike spelling never renames, nor does signing in to a protected name.
          const current = s.user.get(userId) as Row;
          if (current.name !== input.name && current.name_key === input.nameKey && !current.protected)
            s.renameUser.run(input.name, userId);
        } else {
          for (const id of decision.endUserIds) s.endUser.run(nowIso, id);
          userId = s.insertUser.run(input.name, input.nameKey, input.skeleton, input.skeleton, nowIso).lastInsertRowid;
        }
        const sessionId = s.insertSession.run(userId, input.tokenHash, nowIso, nowIso).lastInsertRowid;
        const user = s.user.get(userId) as Row;
        return {
          ok: true,
          user: toUser(user.id, user.name, user.protected),
          sessionId: String(sessionId),
          endedSessionIds: [...decision.endSessionIds],
        };
      })
      .immediate();
  }

  async findClaimCandidates(nameKey: string, skeleton: string): Promise<StoredClaimCandidate[]> {
    return this.claimCandidates(nameKey, skeleton);
  }

  private claimCandidates(nameKey: string, skeleton: string): StoredClaimCandidate[] {
    return groupCandidates(this.statements.claimCandidates.all(nameKey, skeleton) as Row[], (at) => new Date(at));
  }

  async findSession(tokenHash: string, now: Date, idleLimitMs: number): Promise<StoredSession | null> {
    const row = this.statements.sessionByHash.get(tokenHash) as Row | undefined;
    if (!row) return null;
    const lastUsedAt = new Date(row.last_used_at);
    if (now.getTime() - lastUsedAt.getTime() > idleLimitMs) return null;
    return { sessionId: String(row.id), user: toUser(row.user_id, row.name, row.protected), lastUsedAt };
  }

  async endSession(sessionId: string, now: Date): Promise<boolean> {
    return this.statements.endSession.run(now.toISOString(), sessionId).changes > 0;
  }

  async releaseUser(userId: string, now: Date): Promise<void> {
    this.statements.releaseUser.run(now.toISOString(), userId);
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    this.statements.touchSession.run(now.toISOString(), sessionId);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<User> {
    this.statements.setPassword.run(passwordHash, userId);
    const row = this.statements.user.get(userId) as Row;
    return toUser(row.id, row.name, row.protected);
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    return ((this.statements.passwordOf.get(userId) as Row | undefined)?.password_hash as string | null) ?? null;
  }

  async findUserByName(nameKey: string, skeleton: string): Promise<{ user: User; ended: boolean } | null> {
    const live = this.statements.liveUserByName.get({ key: nameKey, skeleton }) as Row | undefined;
    if (live) return { user: toUser(live.id, live.name, live.protected), ended: false };
    const ended = this.statements.endedUserByName.get(nameKey) as Row | undefined;
    return ended ? { user: toUser(ended.id, ended.name, ended.protected), ended: true } : null;
  }

  async listConversationPartners(userId: string): Promise<User[]> {
    return (this.statements.partners.all({ user: userId }) as Row[]).map((row) => toUser(row.id, row.name, row.protected));
  }

  async createChannel(input: { name: string; nameKey: string; skeleton: string; now: Date }): Promise<Channel | null> {
    const { name, nameKey, skeleton, now } = input;
    const result = this.statements.insertChannel.run(name, nameKey, skeleton, skeleton, now.toISOString());
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
        const message = toMessage(s.message.get(lastInsertRowid) as Row);
        return { message, created: true, entry: this.writeOutbox(input.outbox?.(message), input.now) };
      })
      .immediate();
    // Called before this method yields: no later transaction can commit before the announcement starts.
    if (result.created) await input.announce?.(result.message, result.entry ?? null);
    return { message: result.message, created: result.created };
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
        const message = toDirectMessage(s.direct.get(lastInsertRowid) as Row);
        return { message, created: true, entry: this.writeOutbox(input.outbox?.(message), input.now) };
      })
      .immediate();
    if (result.created) await input.announce?.(result.message, result.entry ?? null);
    return { message: result.message, created: result.created };
  }

  /** Inside a send's transaction: its events, kept until published. */
  private writeOutbox(events: readonly OutboxEvent[] | undefined, now: Date): WrittenOutboxEntry | null {
    if (!events) return null;
    const s = this.statements;
    const id = String(s.insertOutbox.run(JSON.stringify(events), now.toISOString()).lastInsertRowid);
    return { id, olderPending: s.outboxBefore.get(id) !== undefined };
  }

  async pendingEvents(before: Date, limit: number): Promise<OutboxEntry[]> {
    const rows = this.statements.pendingOutbox.all(before.toISOString(), limit) as Row[];
    return rows.map((row) => ({ id: String(row.id), events: JSON.parse(row.events) as OutboxEvent[] }));
  }

  async removeEvents(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.statements.removeOutbox.run(id);
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
