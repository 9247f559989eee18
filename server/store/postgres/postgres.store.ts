import pg from 'pg';
import type { Channel, DirectMessage, Message, User } from '../../domain/models.js';
import { orderedPair } from '../ordered-pair.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ClaimNameInput,
  ClaimNameResult,
  Store,
  StoredSession,
} from '../store.js';
import { migratePostgres } from './migrations.js';
import {
  DIRECT_COLUMNS,
  DIRECT_JOINS,
  MESSAGE_COLUMNS,
  describePostgres,
  toChannel,
  toDirectMessage,
  toMessage,
  toUser,
  type Row,
} from './postgres-rows.js';
import { inTransaction, lockKey, LockSpace, SendSequencer, type OrderingLock } from './postgres-transactions.js';

export interface PostgresStoreOptions {
  /** Connections per instance. Default 20. */
  poolSize?: number;
  /** How long to wait for a connection before failing (start-up, health checks). Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Told about errors of idle connections (a restarted server); the pool replaces them by itself. */
  onIdleError?: (error: Error) => void;
}

/**
 * The store for several instances: every instance shares one PostgreSQL
 * database, and every rule holds across them.
 *
 * Ordering. A bigserial hands out ids in the order transactions *ask*, not in
 * the order they commit: with two instances sending to one channel, id 6 may
 * commit before id 5, and a client resuming `after: 6` would never see 5.
 * So each send first takes a session-level advisory lock on its channel (for
 * a direct message, on both users rather than the conversation, since a
 * user's subscription resumes all their conversations by one id; taken in
 * key order, so two sends never deadlock), then
 * takes its id, commits, and announces the message before unlocking. Within a
 * channel, and within everything a user sends or receives, id order is then
 * commit order *and* publish order. An advisory lock rather than
 * `SELECT … FOR UPDATE` on the channel row because the lock must outlive the
 * commit until the event is out; it dies with the connection, so a killed
 * instance never leaves a channel locked.
 */
export class PostgresStore implements Store {
  private readonly sends: SendSequencer;

  private constructor(private readonly pool: pg.Pool) {
    this.sends = new SendSequencer(pool);
  }

  /** Connects, migrates (safely, if other instances start at once) and returns the store; a clear error when unreachable. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 20,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    });
    pool.on('error', (error) => options.onIdleError?.(error));
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => {});
      throw new Error(
        `Cannot reach PostgreSQL at ${describePostgres(url)} (${(error as Error).message || String(error)}). Check DATABASE_URL and that the server is running.`,
      );
    }
    try {
      await migratePostgres(client);
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => {});
      throw error;
    }
    client.release();
    return new PostgresStore(pool);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  // Users and sessions -------------------------------------------------------

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    const idleSinceMs = input.now.getTime() - input.idleLimitMs;
    return inTransaction(this.pool, async (client): Promise<ClaimNameResult> => {
      // The upsert locks the user's row, new or old: claims of one name, on
      // any instance, run one after the other, and the second sees the first's session.
      const { rows: users } = await client.query(
        `INSERT INTO users (name, name_key, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (name_key) DO UPDATE SET name_key = EXCLUDED.name_key
         RETURNING id, name`,
        [input.name, input.nameKey, input.now],
      );
      const user = users[0]!;
      const { rows: sessions } = await client.query(
        `SELECT id, last_used_at FROM sessions WHERE user_id = $1 AND ended_at IS NULL`,
        [user.id],
      );
      const endedSessionIds: string[] = [];
      for (const session of sessions) {
        const own = String(session.id) === input.currentSessionId;
        if (!own && (session.last_used_at as Date).getTime() > idleSinceMs) return { ok: false, reason: 'taken' };
        endedSessionIds.push(String(session.id));
      }
      if (endedSessionIds.length > 0)
        await client.query(`UPDATE sessions SET ended_at = $1 WHERE id = ANY($2::bigint[]) AND ended_at IS NULL`, [
          input.now,
          endedSessionIds,
        ]);
      // The holder of a free name may restyle it ("ada" → "Ada").
      if (user.name !== input.name) await client.query(`UPDATE users SET name = $1 WHERE id = $2`, [input.name, user.id]);
      const { rows: created } = await client.query(
        `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $3) RETURNING id`,
        [user.id, input.tokenHash, input.now],
      );
      return { ok: true, user: toUser(user.id, input.name), sessionId: String(created[0]!.id), endedSessionIds };
    });
  }

  async findSession(tokenHash: string, now: Date, idleLimitMs: number): Promise<StoredSession | null> {
    const { rows } = await this.pool.query(
      `SELECT s.id, s.last_used_at, u.id AS user_id, u.name FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.ended_at IS NULL`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    const lastUsedAt = row.last_used_at as Date;
    if (now.getTime() - lastUsedAt.getTime() > idleLimitMs) return null;
    return { sessionId: String(row.id), user: toUser(row.user_id, row.name), lastUsedAt };
  }

  async endSession(sessionId: string): Promise<boolean> {
    const result = await this.pool.query(`UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL`, [
      new Date(),
      sessionId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.pool.query(`UPDATE sessions SET last_used_at = $1 WHERE id = $2 AND ended_at IS NULL`, [now, sessionId]);
  }

  async findUserByNameKey(nameKey: string): Promise<User | null> {
    const { rows } = await this.pool.query(`SELECT id, name FROM users WHERE name_key = $1`, [nameKey]);
    return rows[0] ? toUser(rows[0].id, rows[0].name) : null;
  }

  async findUsersByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    // COLLATE "C": the byte order SQLite uses, whatever the database's locale.
    const { rows } = await this.pool.query(
      `SELECT id, name FROM users WHERE id = ANY($1::bigint[]) ORDER BY name_key COLLATE "C"`,
      [ids],
    );
    return rows.map((row) => toUser(row.id, row.name));
  }

  async listConversationPartners(userId: string): Promise<User[]> {
    const { rows } = await this.pool.query(
      `SELECT u.id, u.name FROM (
         SELECT CASE WHEN sender_id = $1 THEN recipient_id ELSE sender_id END AS other, max(id) AS newest
         FROM direct_messages WHERE sender_id = $1 OR recipient_id = $1 GROUP BY other
       ) p JOIN users u ON u.id = p.other ORDER BY p.newest DESC`,
      [userId],
    );
    return rows.map((row) => toUser(row.id, row.name));
  }

  // Channels -------------------------------------------------------------------

  async createChannel(name: string, nameKey: string, now: Date): Promise<Channel | null> {
    const { rows } = await this.pool.query(
      `INSERT INTO channels (name, name_key, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (name_key) DO NOTHING RETURNING id, name, created_at`,
      [name, nameKey, now],
    );
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async listChannels(): Promise<Channel[]> {
    const { rows } = await this.pool.query(`SELECT id, name, created_at FROM channels ORDER BY name_key COLLATE "C", id`);
    return rows.map(toChannel);
  }

  async findChannel(id: string): Promise<Channel | null> {
    const { rows } = await this.pool.query(`SELECT id, name, created_at FROM channels WHERE id = $1`, [id]);
    return rows[0] ? toChannel(rows[0]) : null;
  }

  // Messages ---------------------------------------------------------------------

  async addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }> {
    const locks: OrderingLock[] = [[LockSpace.Channel, lockKey(input.channelId)]];
    return this.sends.run(locks, input.announce, async (client) => {
      if (input.clientId !== null) {
        const { rows } = await client.query(
          `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
           WHERE m.channel_id = $1 AND m.author_id = $2 AND m.client_id = $3`,
          [input.channelId, input.authorId, input.clientId],
        );
        if (rows[0]) return { message: toMessage(rows[0]), created: false };
      }
      const { rows } = await client.query(
        `WITH m AS (
           INSERT INTO messages (channel_id, author_id, body, client_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *
         ) SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`,
        [input.channelId, input.authorId, input.body, input.clientId, input.now],
      );
      await client.query(
        `DELETE FROM messages WHERE channel_id = $1 AND id <= (
           SELECT id FROM messages WHERE channel_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
        [input.channelId, input.keep],
      );
      return { message: toMessage(rows[0]!), created: true };
    });
  }

  async latestMessages(channelId: string, last: number): Promise<Message[]> {
    if (last <= 0) return [];
    const { rows } = await this.pool.query(
      `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.channel_id = $1 ORDER BY m.id DESC LIMIT $2) latest ORDER BY id`,
      [channelId, last],
    );
    return rows.map(toMessage);
  }

  async messagesAfter(channelId: string, afterId: string): Promise<Message[]> {
    const { rows } = await this.pool.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
       WHERE m.channel_id = $1 AND m.id > $2 ORDER BY m.id`,
      [channelId, afterId],
    );
    return rows.map(toMessage);
  }

  async addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }> {
    const [low, high] = orderedPair(input.fromId, input.toId);
    const keys = [...new Set([lockKey(low), lockKey(high)])].sort((a, b) => a - b);
    const locks = keys.map((key): OrderingLock => [LockSpace.User, key]);
    return this.sends.run(locks, input.announce, async (client) => {
      if (input.clientId !== null) {
        const { rows } = await client.query(
          `SELECT ${DIRECT_COLUMNS} FROM direct_messages d ${DIRECT_JOINS}
           WHERE d.sender_id = $1 AND d.recipient_id = $2 AND d.client_id = $3`,
          [input.fromId, input.toId, input.clientId],
        );
        if (rows[0]) return { message: toDirectMessage(rows[0]), created: false };
      }
      const { rows } = await client.query(
        `WITH d AS (
           INSERT INTO direct_messages (sender_id, recipient_id, user_low, user_high, body, client_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
         ) SELECT ${DIRECT_COLUMNS} FROM d ${DIRECT_JOINS}`,
        [input.fromId, input.toId, low, high, input.body, input.clientId, input.now],
      );
      await client.query(
        `DELETE FROM direct_messages WHERE user_low = $1 AND user_high = $2 AND id <= (
           SELECT id FROM direct_messages WHERE user_low = $1 AND user_high = $2 ORDER BY id DESC LIMIT 1 OFFSET $3)`,
        [low, high, input.keep],
      );
      return { message: toDirectMessage(rows[0]!), created: true };
    });
  }

  async latestDirectMessages(userId: string, otherUserId: string, last: number): Promise<DirectMessage[]> {
    if (last <= 0) return [];
    const [low, high] = orderedPair(userId, otherUserId);
    const { rows } = await this.pool.query(
      `SELECT * FROM (SELECT ${DIRECT_COLUMNS} FROM direct_messages d ${DIRECT_JOINS}
       WHERE d.user_low = $1 AND d.user_high = $2 ORDER BY d.id DESC LIMIT $3) latest ORDER BY id`,
      [low, high, last],
    );
    return rows.map(toDirectMessage);
  }

  async hasDirectMessagesBetween(userId: string, otherUserId: string): Promise<boolean> {
    const [low, high] = orderedPair(userId, otherUserId);
    const { rows } = await this.pool.query(
      `SELECT 1 FROM direct_messages WHERE user_low = $1 AND user_high = $2 LIMIT 1`,
      [low, high],
    );
    return rows.length > 0;
  }

  async directMessagesAfter(userId: string, afterId: string): Promise<DirectMessage[]> {
    const { rows } = await this.pool.query(
      `SELECT ${DIRECT_COLUMNS} FROM direct_messages d ${DIRECT_JOINS}
       WHERE d.id > $2 AND (d.sender_id = $1 OR d.recipient_id = $1) ORDER BY d.id`,
      [userId, afterId],
    );
    return rows.map(toDirectMessage);
  }
}
