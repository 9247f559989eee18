import { decideClaim } from '../../domain/claims.js';
import { indexedWords } from '../../domain/search-rules.js';
import type { DirectMessage, Message } from '../../domain/models.js';
import { orderedPair } from '../ordered-pair.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ChangeDirectMessageInput,
  ChangeMessageInput,
  ClaimNameInput,
  ClaimNameResult,
  MessageChange,
  OutboxEvent,
  StoredClaimCandidate,
  WrittenOutboxEntry,
} from '../../domain/ports/store.port.js';
import { changes, only, rows, first, type Flow } from './sql-flow.js';
import * as sql from './sql-queries.js';
import * as changeSql from './sql-change-queries.js';
import * as markerSql from './sql-marker-queries.js';
import type { FollowUps, SendFollowUp } from './send-follow-ups.js';
import { oneDirectWithState, withChannelState } from './sql-message-state.js';
import { toClaimCandidates, toDirectMessage, toMentions, toMessage, toUser, type RowReader } from './sql-rows.js';

/**
 * The work of several statements that both stores do alike, each run inside
 * the engine's own transaction and locks (see sql-flow.ts for how).
 */

/** What differs per engine inside a send's transaction. */
export interface SendEngine {
  readonly read: RowReader;
  /** Writes the outbox entry of a send's events (JSON) and tells whether an older entry still waits. */
  writeOutbox(events: string, now: string): Flow<WrittenOutboxEntry>;
  /** A send's cap and marker move: at once, or once per channel at the end of a shared transaction (see send-follow-ups.ts). */
  readonly followUps: FollowUps;
}

/** A send's outcome: the message, whether this call stored it, and its outbox entry and events when it did. */
export interface SendOutcome<M> {
  readonly message: M;
  readonly created: boolean;
  readonly entry?: WrittenOutboxEntry | null;
  /** What the entry holds: announced from here, not asked of the caller twice. */
  readonly events?: readonly OutboxEvent[];
}

export function* claimCandidatesFlow(nameKey: string, skeleton: string, read: RowReader): Flow<StoredClaimCandidate[]> {
  return toClaimCandidates(yield* rows(sql.claimCandidates, { key: nameKey, skeleton }), read);
}

/** A claim, decided by the domain's decideClaim and carried out; the caller holds the claim's lock. */
export function* claimFlow(input: ClaimNameInput, read: RowReader): Flow<ClaimNameResult> {
  const now = input.now.toISOString();
  const decision = decideClaim(yield* claimCandidatesFlow(input.nameKey, input.skeleton, read), input);
  if (decision.kind === 'taken' || decision.kind === 'wrong-password') return { ok: false, reason: decision.kind, holder: decision.holder };
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
  yield* only(sql.insertSession, { userId, tokenHash: input.tokenHash, now });
  return { ok: true, user: toUser(yield* only(sql.user, { id: userId })), endedSessionIds: [...decision.endSessionIds] };
}

/** How one kind of message is looked up, stored and capped. */
interface SendKind<I, M> {
  firstWithClientId(input: I, clientId: string, read: RowReader): Flow<M | undefined>;
  insert(input: I, now: string, read: RowReader): Flow<M>;
  /** The cap on the message's channel or conversation, and the move of its author's read marker to it. */
  followUp(input: I, messageId: string): SendFollowUp;
}

// Module-level rather than built per send: no closures on the write path.
const channelMessages: SendKind<AddMessageInput, Message> = {
  *firstWithClientId(input, clientId, read) {
    const row = yield* first(sql.messageByClientId, { channel: input.channelId, author: input.authorId, clientId });
    return row && (yield* withChannelState([row], input.channelId, read))[0];
  },
  *insert(input, now, read) {
    const params = {
      channel: input.channelId,
      author: input.authorId,
      body: input.body,
      words: indexedWords(input.body),
      clientId: input.clientId,
      now,
    };
    const row = yield* only(sql.insertMessage, params);
    // A new message has no reactions; its mentions are written, and read back, only when it has any.
    const mentions = input.mentionIds?.length ? yield* writeMentions(String(row.id), input.mentionIds) : [];
    return toMessage(row, read, { reactions: [], mentions });
  },
  followUp: (input, messageId) => ({
    prune: { key: input.channelId, statement: sql.pruneMessages, params: { channel: input.channelId, keep: input.keep } },
    mark: {
      key: `${input.authorId} ${input.channelId}`,
      statement: markerSql.advanceChannelMarker,
      params: { user: input.authorId, channel: input.channelId, id: messageId },
    },
  }),
};

const directMessages: SendKind<AddDirectMessageInput, DirectMessage> = {
  *firstWithClientId(input, clientId, read) {
    const row = yield* first(sql.directByClientId, { from: input.fromId, to: input.toId, clientId });
    return row && (yield* oneDirectWithState(row, read));
  },
  *insert(input, now, read) {
    const [low, high] = orderedPair(input.fromId, input.toId);
    const params = {
      from: input.fromId,
      to: input.toId,
      low,
      high,
      body: input.body,
      words: indexedWords(input.body),
      clientId: input.clientId,
      now,
    };
    return toDirectMessage(yield* only(sql.insertDirect, params), read);
  },
  followUp(input, messageId) {
    const [low, high] = orderedPair(input.fromId, input.toId);
    return {
      prune: { key: `${low} ${high}`, statement: sql.pruneDirect, params: { low, high, keep: input.keep } },
      mark: {
        key: `${input.fromId} ${input.toId}`,
        statement: markerSql.advanceDirectMarker,
        params: { user: input.fromId, other: input.toId, id: messageId },
      },
    };
  },
};

/**
 * A send, once for both kinds of message: with a clientId its author used
 * already, the first message and nothing stored; otherwise the insert, the
 * oldest beyond the cap removed and the author's marker moved (now or at the
 * end of the transaction, as the engine's followUps do), and the events
 * written to the outbox, all in the caller's transaction.
 */
function* sendFlow<I extends AddMessageInput | AddDirectMessageInput, M extends { readonly id: string }>(
  kind: SendKind<I, M>,
  engine: SendEngine,
  input: I & { outbox?: (message: M) => readonly OutboxEvent[] },
): Flow<SendOutcome<M>> {
  if (input.clientId !== null) {
    let earlier = yield* kind.firstWithClientId(input, input.clientId, engine.read);
    // Rare (a resend): found again once the sends before it are pruned as they would have been, it may be gone.
    if (earlier && (yield* engine.followUps.settle())) earlier = yield* kind.firstWithClientId(input, input.clientId, engine.read);
    if (earlier) return { message: earlier, created: false };
  }
  const now = input.now.toISOString();
  const message = yield* kind.insert(input, now, engine.read);
  yield* engine.followUps.after(kind.followUp(input, message.id));
  const events = input.outbox?.(message);
  const entry = events ? yield* engine.writeOutbox(JSON.stringify(events), now) : null;
  return { message, created: true, entry, events };
}

export const addMessageFlow = (engine: SendEngine, input: AddMessageInput): Flow<SendOutcome<Message>> =>
  sendFlow(channelMessages, engine, input);

export const addDirectMessageFlow = (engine: SendEngine, input: AddDirectMessageInput): Flow<SendOutcome<DirectMessage>> =>
  sendFlow(directMessages, engine, input);

/** A message's mentions, written in one statement, as the users they are. */
function* writeMentions(messageId: string, userIds: readonly string[]) {
  return toMentions(yield* rows(changeSql.insertMentions, { message: messageId, ids: JSON.stringify(userIds) }));
}

/** A change's outcome inside its transaction: null when no retained message has the id. */
export type ChangeFlowOutcome<M> = {
  readonly message: M;
  readonly changed: boolean;
  readonly entry?: WrittenOutboxEntry | null;
  readonly events?: readonly OutboxEvent[];
} | null;

/** How one kind of message is found for a change, and written. */
interface ChangeKind<I, M> {
  load(input: I, read: RowReader): Flow<M | undefined>;
  readonly writes: changeSql.ChangeWrites;
  readonly mentions: boolean;
}

const channelChanges: ChangeKind<ChangeMessageInput, Message> = {
  *load(input, read) {
    const row = yield* first(sql.channelMessage, { channel: input.channelId, id: input.messageId });
    return row && (yield* withChannelState([row], input.channelId, read))[0];
  },
  writes: changeSql.channelWrites,
  mentions: true,
};

const directChanges: ChangeKind<ChangeDirectMessageInput, DirectMessage> = {
  *load(input, read) {
    const row = yield* first(sql.directMessage, { id: input.messageId });
    return row && (yield* oneDirectWithState(row, read));
  },
  writes: changeSql.directWrites,
  mentions: false,
};

/**
 * Carries out the domain's decision; returns whether anything changed. An
 * edit always does (its version and editedAt); a second deletion, a
 * reaction already there or one already gone do not. Every write that
 * changes the message adds one to its version, once.
 */
function* applyChange(
  kind: Pick<ChangeKind<never, never>, 'writes' | 'mentions'>,
  id: string,
  change: MessageChange,
  now: string,
): Flow<boolean> {
  const { writes } = kind;
  switch (change.kind) {
    case 'none':
      return false;
    case 'edit':
      yield* changes(writes.edit, { id, body: change.body, words: indexedWords(change.body), now });
      if (kind.mentions) {
        yield* changes(changeSql.removeMentions, { id });
        if (change.mentionIds.length > 0) yield* writeMentions(id, change.mentionIds);
      }
      return true;
    case 'delete':
      if ((yield* changes(writes.delete, { id })) === 0) return false;
      yield* changes(writes.removeReactions, { id });
      if (kind.mentions) yield* changes(changeSql.removeMentions, { id });
      return true;
    case 'react': {
      const params = { id, user: change.userId, emoji: change.emoji };
      const changed = change.on ? yield* changes(writes.addReaction, { ...params, now }) : yield* changes(writes.removeReaction, params);
      if (changed === 0) return false;
      yield* changes(writes.bumpVersion, { id });
      return true;
    }
  }
}

/**
 * A change, once for both kinds of message, in the caller's transaction and
 * under the locks its sends take: the message as stored now, the domain's
 * decision on it (which may throw: the caller rolls back), the change, the
 * message as it now stands and its events in the outbox.
 */
function* changeFlow<I extends ChangeMessageInput | ChangeDirectMessageInput, M>(
  kind: ChangeKind<I, M>,
  engine: SendEngine,
  input: I & { decide: (current: M) => MessageChange; outbox?: (message: M) => readonly OutboxEvent[] },
): Flow<ChangeFlowOutcome<M>> {
  // The message as the sends before it in the transaction left it: perhaps pruned.
  yield* engine.followUps.settle();
  const current = yield* kind.load(input, engine.read);
  if (current === undefined) return null;
  const now = input.now.toISOString();
  if (!(yield* applyChange(kind, input.messageId, input.decide(current), now))) return { message: current, changed: false };
  const message = yield* kind.load(input, engine.read);
  if (message === undefined) throw new Error(`Message ${input.messageId} was changed but cannot be read back.`);
  const events = input.outbox?.(message);
  const entry = events ? yield* engine.writeOutbox(JSON.stringify(events), now) : null;
  return { message, changed: true, entry, events };
}

export const changeMessageFlow = (engine: SendEngine, input: ChangeMessageInput): Flow<ChangeFlowOutcome<Message>> =>
  changeFlow(channelChanges, engine, input);

export const changeDirectMessageFlow = (engine: SendEngine, input: ChangeDirectMessageInput): Flow<ChangeFlowOutcome<DirectMessage>> =>
  changeFlow(directChanges, engine, input);
