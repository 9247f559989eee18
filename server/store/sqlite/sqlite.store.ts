import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import type { DirectMessage, Message } from '../../domain/models.js';
import { changes, first, only, runFlowSync, type Flow } from '../sql/sql-flow.js';
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
  SearchDirectMessagesInput,
  SearchMessagesInput,
  WrittenOutboxEntry,
} from '../../domain/ports/store.port.js';
import { sqliteMigrations } from './migrations.js';
import { GroupCommit, WRITES_PER_TRANSACTION } from './group-commit.js';
import { SearchIndexer, type SearchIndexerOptions } from './search-indexer.js';
import { checkDatabaseIntegrity, describeOpenFailure, lockDatabaseFile, prepareDatabaseFile, type InstanceLock } from './sqlite-file.js';
import { insertOutbox, outboxBefore, removeOutbox, SqliteStatements } from './sqlite-statements.js';
import { TransactionTail } from './transaction-tail.js';

/** How long a write waits for another program (a backup, the sqlite3 shell) to release the database. */
const BUSY_TIMEOUT_MS = 5000;

/** Thrown to roll a probe back: never leaves the store. */
const ROLLED_BACK = Symbol('rolled back');

/** Timestamps are stored as the domain's ISO strings, JSON as text. */
const sqliteReader: RowReader = {
  time: (value) => (typeof value === 'string' ? value : value.toISOString()),
  json: (value) => JSON.parse(value as string),
};

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is
 * synchronous, so each transaction runs to its end before any other
 * JavaScript runs; SQLite's single writer makes ids increase in commit order.
 * Sends and message changes in flight together share one transaction
 * (group-commit.ts), each acknowledged once it has committed.
 */
export class SqliteStore extends SqlStore {
  private readonly db: Database.Database;
  private readonly statements: SqliteStatements;
  private readonly lock: InstanceLock | null = null;
  private readonly health: { touch: Database.Statement; fill: Database.Statement };
  private readonly engine: SendEngine;
  /** Sends and changes in flight together share a transaction (see group-commit.ts). */
  private readonly writes: GroupCommit;
  /** The full-text index, written behind the sends and caught up before each search (see search-indexer.ts). */
  private readonly searchIndex: SearchIndexer;

  /**
   * Opens (or creates) the file and migrates it. Refuses, with a message
   * that names DATABASE_URL and the file and says what to do: a file or
   * directory it cannot write, a path that is not a regular file on a disk,
   * a damaged database (left untouched), and a database another instance is
   * using.
   *
   * `options.searchIndex`: when the full-text index catches up with the
   * sends (see SearchIndexer); the defaults suit a server, tests move them.
   */
  constructor(filename: string, options: { readonly searchIndex?: SearchIndexerOptions } = {}) {
    super(sqliteReader);
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
      this.statements = new SqliteStatements(this.db);
      // A group's sends prune and move markers once per channel, before its COMMIT.
      const tail = new TransactionTail(this.statements.execute);
      this.engine = { read: sqliteReader, writeOutbox, followUps: tail };
      this.writes = new GroupCommit(this.db, WRITES_PER_TRANSACTION, tail);
      this.searchIndex = new SearchIndexer(this.db, options.searchIndex);
      // Rows a killed process committed but never indexed.
      this.searchIndex.indexNow();
      this.health = {
        touch: this.db.prepare(`UPDATE health SET checked_at = ? WHERE id = 1`),
        fill: this.db.prepare(`UPDATE health SET probe = zeroblob(?) WHERE id = 1`),
      };
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
      this.db
        .transaction(() => {
          if (typeof step === 'string') this.db.exec(step);
          else step(this.db);
          const broken = this.db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`Migration ${next + 1} left ${broken.length} broken references; nothing was changed.`);
          this.db.pragma(`user_version = ${next + 1}`);
        })
        .immediate();
    }
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
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    this.db.pragma('busy_timeout = 250');
    try {
      this.db
        .transaction(() => {
          this.health.touch.run(new Date().toISOString());
          try {
            this.db.transaction(() => {
              this.health.fill.run(2 * pageSize);
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
    // Writes already asked for are committed (and acknowledged) before the file closes.
    if (this.db.open) this.writes.flush();
    this.searchIndex.cancel();
    if (this.db.open) {
      this.searchIndex.indexNow();
      this.db.close();
    }
    this.lock?.release();
  }

  protected async query<T>(flow: Flow<T>): Promise<T> {
    return runFlowSync(flow, this.statements.execute);
  }

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    // IMMEDIATE takes the write lock before the candidates are read: a deferred
    // transaction would have to upgrade its lock halfway, and could fail there.
    return this.db.transaction(() => runFlowSync(claimFlow(input, sqliteReader), this.statements.execute)).immediate();
  }

  // Not async themselves: send's promise is the caller's, one step fewer on the write path.
  addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }> {
    return this.send(() => addMessageFlow(this.engine, input), input.announce);
  }

  addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }> {
    return this.send(() => addDirectMessageFlow(this.engine, input), input.announce);
  }

  /** `flow` makes the send's flow afresh each time: the group may run it again (see group-commit.ts). */
  private async send<M>(
    flow: () => Flow<SendOutcome<M>>,
    announce: ((message: M, entry: WrittenOutboxEntry | null) => Promise<void>) | undefined,
  ): Promise<{ message: M; created: boolean }> {
    const result = await this.writes.run({
      write: () => runFlowSync(flow(), this.statements.execute),
      // Called right after the commit: no later transaction can commit before the announcement starts.
      afterCommit: (outcome) => {
        if (!outcome.created) return undefined;
        this.searchIndex.added();
        return announce?.(outcome.message, outcome.entry ?? null);
      },
    });
    return { message: result.message, created: result.created };
  }

  // Search sees every committed message: the index catches up first, between transactions.
  override async searchMessages(input: SearchMessagesInput): Promise<Message[]> {
    this.searchIndex.beforeSearch();
    return super.searchMessages(input);
  }

  override async searchDirectMessages(input: SearchDirectMessagesInput): Promise<DirectMessage[]> {
    this.searchIndex.beforeSearch();
    return super.searchDirectMessages(input);
  }

  changeMessage(input: ChangeMessageInput): Promise<ChangeOutcome<Message> | null> {
    return this.change(() => changeMessageFlow(this.engine, input), input.announce);
  }

  changeDirectMessage(input: ChangeDirectMessageInput): Promise<ChangeOutcome<DirectMessage> | null> {
    return this.change(() => changeDirectMessageFlow(this.engine, input), input.announce);
  }

  /** As a send: in the shared transaction (rolled back alone when the domain refuses), announced right after the commit. */
  private async change<M>(
    flow: () => Flow<ChangeFlowOutcome<M>>,
    announce: ((message: M, entry: WrittenOutboxEntry | null) => Promise<void>) | undefined,
  ): Promise<ChangeOutcome<M> | null> {
    const result = await this.writes.run({
      write: () => runFlowSync(flow(), this.statements.execute),
      afterCommit: (outcome) => (outcome?.changed ? announce?.(outcome.message, outcome.entry ?? null) : undefined),
    });
    return result && { message: result.message, changed: result.changed };
  }

  async removeEvents(ids: readonly string[]): Promise<void> {
    for (const id of ids) runFlowSync(changes(removeOutbox, { id }), this.statements.execute);
  }
}

/** Inside a send's transaction: its events, kept until published, and whether older ones still wait. */
function* writeOutbox(events: string, now: string): Flow<WrittenOutboxEntry> {
  const id = String((yield* only(insertOutbox, { events, now })).id);
  return { id, olderPending: (yield* first(outboxBefore, { id })) !== undefined };
}
