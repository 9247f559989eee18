import { decideClaim } from '../../domain/claims.js';
import type { DirectMessage, Message } from '../../domain/models.js';
import { orderedPair } from '../ordered-pair.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ClaimNameInput,
  ClaimNameResult,
  OutboxEvent,
  StoredClaimCandidate,
  WrittenOutboxEntry,
} from '../store.js';
import { changes, only, rows, first, type Flow } from './sql-flow.js';
import * as sql from './sql-queries.js';
import { toClaimCandidates, toDirectMessage, toMessage, toUser, type RowReader } from './sql-rows.js';

/**
 * The work of several statements that both stores do alike, each run inside
 * the engine's own transaction and locks (see sql-flow.ts for how).
 */

/** What differs per engine inside a send's transaction. */
export interface SendEngine {
  readonly read: RowReader;
  /** Writes the outbox entry of a send's events (JSON) and tells whether an older entry still waits. */
  writeOutbox(events: string, now: string): Flow<WrittenOutboxEntry>;
}

/** A send's outcome: the message, whether this call stored it, and its outbox entry when it did. */
export interface SendOutcome<M> {
  readonly message: M;
  readonly created: boolean;
  readonly entry?: WrittenOutboxEntry | null;
}

export function* claimCandidatesFlow(nameKey: string, skeleton: string, read: RowReader): Flow<StoredClaimCandidate[]> {
  return toClaimCandidates(yield* rows(sql.claimCandidates, { key: nameKey, skeleton }), read);
}

/** A claim, decided by the domain's decideClaim and carried out; the caller holds the claim's lock. */
export function* claimFlow(input: ClaimNameInput, read: RowReader): Flow<ClaimNameResult> {
  const now = input.now.toISOString();
  const decision = decideClaim(yield* claimCandidatesFlow(input.nameKey, input.skeleton, read), input);
  if (decision.kind === 'taken' || decision.kind === 'wrong-password')
    return { ok: false, reason: decision.kind, holder: decision.holder };
  for (const id of decision.endSessionIds) yield* changes(sql.endSession, { id, now });
  let userId: string;
  if (decision.kind === 'continue') {
    userId = decision.userId;
    yield* changes(sql.restyleUser, { id: userId, name: input.name, key: input.nameKey });
  } else {
    for (const id of decision.endUserIds) yield* changes(sql.endUser, { id, now });
    const created = yield* only(sql.insertUser, { name: input.name, key: input.nameKey, skeleton: input.skeleton, now });
    userId = String(created.id);
  }
  const session = yield* only(sql.insertSession, { userId, tokenHash: input.tokenHash, now });
  return {
    ok: true,
    user: toUser(yield* only(sql.user, { id: userId })),
    sessionId: String(session.id),
    endedSessionIds: [...decision.endSessionIds],
  };
}

/**
 * A send, once for both kinds of message: with a clientId its author used
 * already, the first message and nothing stored; otherwise the insert, the
 * oldest beyond the cap removed, and the events written to the outbox, all
 * in the caller's transaction.
 */
function* sendFlow<M>(
  engine: SendEngine,
  send: {
    clientId: string | null;
    now: string;
    firstWithClientId: (clientId: string) => Flow<M | undefined>;
    insert: () => Flow<M>;
    prune: () => Flow<number>;
    outbox?: (message: M) => readonly OutboxEvent[];
  },
): Flow<SendOutcome<M>> {
  if (send.clientId !== null) {
    const earlier = yield* send.firstWithClientId(send.clientId);
    if (earlier) return { message: earlier, created: false };
  }
  const message = yield* send.insert();
  yield* send.prune();
  const events = send.outbox?.(message);
  const entry = events ? yield* engine.writeOutbox(JSON.stringify(events), send.now) : null;
  return { message, created: true, entry };
}

export function addMessageFlow(engine: SendEngine, input: AddMessageInput): Flow<SendOutcome<Message>> {
  const now = input.now.toISOString();
  const { channelId: channel, authorId: author } = input;
  return sendFlow<Message>(engine, {
    clientId: input.clientId,
    now,
    outbox: input.outbox,
    *firstWithClientId(clientId) {
      const row = yield* first(sql.messageByClientId, { channel, author, clientId });
      return row && toMessage(row, engine.read);
    },
    *insert() {
      const params = { channel, author, body: input.body, clientId: input.clientId, now };
      return toMessage(yield* only(sql.insertMessage, params), engine.read);
    },
    prune: () => changes(sql.pruneMessages, { channel, keep: input.keep }),
  });
}

export function addDirectMessageFlow(engine: SendEngine, input: AddDirectMessageInput): Flow<SendOutcome<DirectMessage>> {
  const now = input.now.toISOString();
  const { fromId: from, toId: to } = input;
  const [low, high] = orderedPair(from, to);
  return sendFlow<DirectMessage>(engine, {
    clientId: input.clientId,
    now,
    outbox: input.outbox,
    *firstWithClientId(clientId) {
      const row = yield* first(sql.directByClientId, { from, to, clientId });
      return row && toDirectMessage(row, engine.read);
    },
    *insert() {
      const params = { from, to, low, high, body: input.body, clientId: input.clientId, now };
      return toDirectMessage(yield* only(sql.insertDirect, params), engine.read);
    },
    prune: () => changes(sql.pruneDirect, { low, high, keep: input.keep }),
  });
}
