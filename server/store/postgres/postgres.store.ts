import pg from 'pg';
import { decideClaim } from '../../domain/claims.js';
import type { Channel, DirectMessage, Message, User } from '../../domain/models.js';
import { groupCandidates } from '../claim-candidates.js';
import { orderedPair } from '../ordered-pair.js';
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
import { migratePostgres } from './migrations.js';
import { describePostgresOpenFailure } from './postgres-failures.js';
import {
  DIRECT_COLUMNS,
  DIRECT_JOINS,
  MESSAGE_COLUMNS,
  toChannel,
  toDirectMessage,
  toMessage,
  toUser,
  USER_COLUMNS,
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
      throw describePostgresOpenFailure(url, error);
    }
    try {
      await migratePostgres(client);
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => {});
      // Our own refusals (a schema newer than this server) say what to do already.
      throw typeof (error as { code?: unknown }).code === 'string' ? describePostgresOpenFailure(url, error) : error;
    }
    client.release();
    return new PostgresStore(pool);
  }

  /** A one-row write: fails while PostgreSQL is unreachable, read-only (a standby) or out of disk. */
  async ping(): Promise<void> {
    await this.pool.query('UPDATE health SET checked_at = now() WHERE id = 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  // Users and sessions -------------------------------------------------------

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    return inTransaction(this.pool, async (client): Promise<ClaimNameResult> => {
      // Claims of one name, or of look-alikes, on any instance, run one after
      // the other: the second sees the first's user and session.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LockSpace.Name, input.skeleton]);
      const decision = decideClaim(await this.claimCandidates(input.nameKey, input.skeleton, client), input);
      if (decision.kind === 'taken' || decision.kind === 'wrong-password')
        return { ok: false, reason: decision.kind, holder: decision.holder };
      if (decision.endSessionIds.length > 0)
        await client.query(`UPDATE sessions SET ended_at = $1 WHERE id = ANY($2::bigint[]) AND ended_at IS NULL`, [
          input.now,
          decision.endSessionIds,
        ]);
      let userId: string;
      if (decision.kind === 'continue') {
        userId = decision.userId;
        // The same name restyled ("ada" → "Ada") by the browser holding it; a
        // look-alike spelling never renames, nor does signing in to a protected name.
        await client.query(`UPDATE users SET name = $1 WHERE id = $2 AND name_key = $3 AND name <> $1 AND password_hash IS NULL`, [
          input.name,
          userId,
          input.nameKey,
        ]);
      } else {
        if (decision.endUserIds.length > 0)
          await client.query(
            `UPDATE users SET ended_at = $1, claim_key = NULL WHERE id = ANY($2::bigint[]) AND ended_at IS NULL`,
            [input.now, decision.endUserIds],
          );
        const { rows } = await client.query(
          `INSERT INTO users (name, name_key, skeleton, claim_key, created_at) VALUES ($1, $2, $3, $3, $4) RETURNING id`,
          [input.name, input.nameKey, input.skeleton, input.now],
        );
        userId = String(rows[0]!.id);
      }
      const { rows: created } = await client.query(
        `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $3) RETURNING id`,
        [userId, input.tokenHash, input.now],
      );
      const { rows: users } = await client.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [userId]);
      return {
        ok: true,
        user: toUser(users[0]!.id, users[0]!.name, users[0]!.protected),
        sessionId: String(created[0]!.id),
        endedSessionIds: [...decision.endSessionIds],
      };
    });
  }

  async findClaimCandidates(nameKey: string, skeleton: string): Promise<StoredClaimCandidate[]> {
    return this.claimCandidates(nameKey, skeleton, this.pool);
  }

  private async claimCandidates(
    nameKey: string,
    skeleton: string,
    on: pg.Pool | pg.PoolClient,
  ): Promise<StoredClaimCandidate[]> {
    const { rows } = await on.query(
      `SELECT u.id, u.name, u.name_key, u.password_hash, s.id AS session_id, s.last_used_at
       FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND s.ended_at IS NULL
       WHERE u.ended_at IS NULL AND (u.name_key = $1 OR u.skeleton = $2) ORDER BY u.id, s.id`,
      [nameKey, skeleton],
    );
    return groupCandidates(rows, (at: Date) => at);
  }

  async findSession(tokenHash: string, now: Date, idleLimitMs: number): Promise<StoredSession | null> {
    const { rows } = await this.pool.query(
      `SELECT s.id, s.last_used_at, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.ended_at IS NULL`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    const lastUsedAt = row.last_used_at as Date;
    if (now.getTime() - lastUsedAt.getTime() > idleLimitMs) return null;
    return { sessionId: String(row.id), user: toUser(row.user_id, row.name, row.protected), lastUsedAt };
  }

  async endSession(sessionId: string, now: Date): Promise<boolean> {
    const result = await this.pool.query(`UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL`, [
      now,
      sessionId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async releaseUser(userId: string, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE users SET ended_at = $1, claim_key = NULL WHERE id = $2 AND ended_at IS NULL AND password_hash IS NULL`,
      [now, userId],
    );
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.pool.query(`UPDATE sessions SET last_used_at = $1 WHERE id = $2 AND ended_at IS NULL`, [now, sessionId]);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<User> {
    const { rows } = await this.pool.query(
      `UPDATE users SET password_hash = $1 WHERE id = $2 AND ended_at IS NULL RETURNING ${USER_COLUMNS}`,
      [passwordHash, userId],
    );
    if (!rows[0]) throw new Error(`setPasswordHash: user ${userId} has ended`);
    return toUser(rows[0].id, rows[0].name, rows[0].protected);
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    const { rows } = await this.pool.query(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    return rows[0]?.password_hash ?? null;
  }

  async findUserByName(nameKey: string, skeleton: string): Promise<{ user: User; ended: boolean } | null> {
    const { rows: live } = await this.pool.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE ended_at IS NULL AND (name_key = $1 OR skeleton = $2)
       ORDER BY name_key = $1 DESC, id LIMIT 1`,
      [nameKey, skeleton],
    );
    if (live[0]) return { user: toUser(live[0].id, live[0].name, live[0].protected), ended: false };
    const { rows: ended } = await this.pool.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE name_key = $1 ORDER BY id DESC LIMIT 1`,
      [nameKey],
    );
    return ended[0] ? { user: toUser(ended[0].id, ended[0].name, ended[0].protected), ended: true } : null;
  }

  async listConversationPartners(userId: string): Promise<User[]> {
    const { rows } = await this.pool.query(
      `SELECT u.id, u.name, u.password_hash IS NOT NULL AS protected FROM (
         SELECT CASE WHEN sender_id = $1 THEN recipient_id ELSE sender_id END AS other, max(id) AS newest
         FROM direct_messages WHERE sender_id = $1 OR recipient_id = $1 GROUP BY other
       ) p JOIN users u ON u.id = p.other ORDER BY p.newest DESC`,
      [userId],
    );
    return rows.map((row) => toUser(row.id, row.name, row.protected));
  }

  // Channels -------------------------------------------------------------------

  async createChannel(input: { name: string; nameKey: string; skeleton: string; now: Date }): Promise<Channel | null> {
    // Either key taken (the name, or a look-alike of it) makes this insert nothing.
    const { rows } = await this.pool.query(
      `INSERT INTO channels (name, name_key, skeleton, claim_key, created_at) VALUES ($1, $2, $3, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id, name, created_at`,
      [input.name, input.nameKey, input.skeleton, input.now],
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
      const message = toMessage(rows[0]!);
      return { message, created: true, entry: await writeOutbox(client, input.outbox?.(message), input.now) };
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
      const message = toDirectMessage(rows[0]!);
      return { message, created: true, entry: await writeOutbox(client, input.outbox?.(message), input.now) };
    });
  }

  async pendingEvents(before: Date, limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT id, events FROM event_outbox WHERE created_at < $1 ORDER BY id LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => ({ id: String(row.id), events: row.events as OutboxEvent[] }));
  }

  async removeEvents(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.pool.query(`DELETE FROM event_outbox WHERE id = ANY($1::bigint[])`, [ids]);
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

/**
 * Inside a send's transaction: its events, kept until published. Whether an
 * older entry still waits is read in the same transaction, under the send's
 * ordering lock, so a send never overtakes an event of its channel (or user)
 * that has yet to go out.
 */
async function writeOutbox(
  client: pg.PoolClient,
  events: readonly OutboxEvent[] | undefined,
  now: Date,
): Promise<WrittenOutboxEntry | null> {
  if (!events) return null;
  const { rows } = await client.query(
    `WITH entry AS (INSERT INTO event_outbox (events, created_at) VALUES ($1, $2) RETURNING id)
     SELECT entry.id, EXISTS (SELECT 1 FROM event_outbox o WHERE o.id < entry.id) AS older FROM entry`,
    [JSON.stringify(events), now],
  );
  return { id: String(rows[0]!.id), olderPending: rows[0]!.older as boolean };
}
