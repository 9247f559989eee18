import pg from 'pg';
import type { DirectMessage, Message } from '../../domain/models.js';
import { changes, first, only, type Flow } from '../sql/sql-flow.js';
import {
  addDirectMessageFlow,
  addMessageFlow,
  changeDirectMessageFlow,
  changeMessageFlow,
  claimFlow,
  type ChangeFlowOutcome,
  type SendEngine,
  type SendOutcome,
} from '../sql/sql-flows.js';
import { followUpsAtOnce } from '../sql/send-follow-ups.js';
import * as sql from '../sql/sql-queries.js';
import type { RowReader } from '../sql/sql-rows.js';
import { SqlStore } from '../sql/sql-store.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ChangeDirectMessageInput,
  ChangeMessageInput,
  ChangeOutcome,
  ClaimNameInput,
  ClaimNameResult,
  GroupDelivery,
  OutboxEvent,
  WrittenOutboxEntry,
} from '../../domain/ports/store.port.js';
import { orderedPair } from '../ordered-pair.js';
import { migratePostgres } from './migrations.js';
import { describePostgresOpenFailure } from './postgres-failures.js';
import { insertOutbox, removeOutbox, runOn } from './postgres-statements.js';
import { inTransaction, lockKey, LockSpace, type OrderingLock } from './postgres-transactions.js';
import { SendSequencer, type Announcing, type SequencedWrite } from './send-sequencer.js';

/** node-postgres parses timestamptz into a Date and jsonb into its value. */
const postgresReader: RowReader = {
  time: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  json: (value) => value,
};

export interface PostgresStoreOptions {
  /**
   * The most connections the pool opens at once (PG_POOL_SIZE): a caller
   * beyond it waits for one to be released, up to connectTimeoutMs. Default 20.
   */
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
 *
 * Sends waiting for the same locks go as a group (SendSequencer): one lock,
 * one transaction and one commit, their announcements in one go, so that a
 * busy channel pays the round trips once per group rather than per send.
 */
export class PostgresStore extends SqlStore {
  private readonly sends: SendSequencer;
  // Each send prunes and moves its marker in its own place: SendSequencer has no end-of-transaction hook to fold them in.
  private readonly engine: SendEngine = { read: postgresReader, writeOutbox, followUps: followUpsAtOnce };

  private constructor(private readonly pool: pg.Pool) {
    super(postgresReader);
    this.sends = new SendSequencer(pool);
  }

  /** Connects, migrates (safely, if other instances start at once) and returns the store; a clear error when unreachable. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 20,
      // What pg_stat_activity shows, so that an operator can count each instance's connections.
      application_name: 'flask-chat',
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

  protected query<T>(flow: Flow<T>): Promise<T> {
    return runOn(this.pool, flow);
  }

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    return inTransaction(this.pool, async (client) => {
      // Claims of one name, or of look-alikes, on any instance, run one after
      // the other: the second sees the first's user and session.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LockSpace.Name, input.skeleton]);
      return runOn(client, claimFlow(input, postgresReader));
    });
  }

  async addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }> {
    const locks: OrderingLock[] = [[LockSpace.Channel, lockKey(input.channelId)]];
    const { message, created } = await this.sends.run(
      locks,
      sequenced(input, (client) => runOn(client, addMessageFlow(this.engine, input)), ifCreated),
    );
    return { message, created };
  }

  async addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }> {
    const { message, created } = await this.sends.run(
      userLocks(input.fromId, input.toId),
      sequenced(input, (client) => runOn(client, addDirectMessageFlow(this.engine, input)), ifCreated),
    );
    return { message, created };
  }

  /** Under the channel's lock, as its sends: a change commits and is announced in order with them. */
  async changeMessage(input: ChangeMessageInput): Promise<ChangeOutcome<Message> | null> {
    const locks: OrderingLock[] = [[LockSpace.Channel, lockKey(input.channelId)]];
    const result = await this.sends.run(
      locks,
      sequenced(input, (client) => runOn(client, changeMessageFlow(this.engine, input)), ifChanged),
    );
    return result && { message: result.message, changed: result.changed };
  }

  /**
   * Under the locks of both its users, as their sends. Who they are is read
   * before locking; the message is read again under the locks, where a send
   * may since have pruned it.
   */
  async changeDirectMessage(input: ChangeDirectMessageInput): Promise<ChangeOutcome<DirectMessage> | null> {
    const found = await this.query(first(sql.directMessage, { id: input.messageId }));
    if (!found) return null;
    const result = await this.sends.run(
      userLocks(String(found.from_id), String(found.to_id)),
      sequenced(input, (client) => runOn(client, changeDirectMessageFlow(this.engine, input)), ifChanged),
    );
    return result && { message: result.message, changed: result.changed };
  }

  async removeEvents(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.query(changes(removeOutbox, { ids }));
  }
}

/** Both users of a direct message, in key order: so two sends or changes never deadlock. */
function userLocks(fromId: string, toId: string): OrderingLock[] {
  const [low, high] = orderedPair(fromId, toId);
  const keys = [...new Set([lockKey(low), lockKey(high)])].sort((a, b) => a - b);
  return keys.map((key): OrderingLock => [LockSpace.User, key]);
}

// Module-level rather than built per call: no closures on the write path.
const ifCreated = <M>(result: SendOutcome<M>) => (result.created ? result : null);
const ifChanged = <M>(result: ChangeFlowOutcome<M>) => (result?.changed ? result : null);

/** How a send or change asks to be announced (see AddMessageInput). */
interface Announced<M> {
  announce?: (message: M, entry: WrittenOutboxEntry | null) => Promise<void>;
  groupDelivery?: GroupDelivery;
}

/**
 * A send or change for the sequencer: announced with its group when its
 * events are in the outbox and the caller can take a group, else alone
 * through its own `announce`. `written` picks the committed message, or
 * null when nothing was written.
 */
function sequenced<T, M>(
  input: Announced<M>,
  write: (client: pg.PoolClient) => Promise<T>,
  written: (
    result: T,
  ) => { readonly message: M; readonly entry?: WrittenOutboxEntry | null; readonly events?: readonly OutboxEvent[] } | null,
): SequencedWrite<T> {
  return {
    write,
    announcement(result): Announcing | null {
      const outcome = written(result);
      if (!outcome) return null;
      const { message, entry, events } = outcome;
      if (entry && events && input.groupDelivery) return { together: input.groupDelivery, delivery: { entry, events } };
      const announce = input.announce;
      return announce ? { alone: () => announce(message, entry ?? null) } : null;
    },
  };
}

/** Inside a send's transaction: its events, kept until published (see insertOutbox). */
function* writeOutbox(events: string, now: string): Flow<WrittenOutboxEntry> {
  const row = yield* only(insertOutbox, { events, now });
  return { id: String(row.id), olderPending: row.older };
}
