import type { Channel, DirectMessage, Message, ReadMarker, TypingEvent, User } from '../models.js';

/**
 * The events port: the topics the domain publishes, what each carries, and the
 * bus they travel on. Adapters (server/events) implement it in process or over Redis.
 */
/**
 * Every event the server publishes. A topic's name may be scoped by an id
 * (one channel, one user) so that subscribers receive only what concerns them,
 * without a filter run per subscriber.
 */
export enum Topic {
  /** Scoped by channel id. */
  MessageAdded = 'MESSAGE_ADDED',
  /**
   * Every channel's new messages on one unscoped topic, published with
   * MessageAdded: one subscription keeps the unread counts of all channels,
   * whatever their number.
   */
  ChannelActivity = 'CHANNEL_ACTIVITY',
  /** Scoped by channel id: a message's whole new state after an edit, a deletion or a reaction change. */
  MessageUpdated = 'MESSAGE_UPDATED',
  ChannelAdded = 'CHANNEL_ADDED',
  /** Scoped by user id: both the sender and the recipient receive it. */
  DirectMessageAdded = 'DIRECT_MESSAGE_ADDED',
  /** Scoped by user id, as DirectMessageAdded. */
  DirectMessageUpdated = 'DIRECT_MESSAGE_UPDATED',
  PresenceChanged = 'PRESENCE_CHANGED',
  /** A session ended (logout, a new login): its sockets must close, on every instance. */
  SessionRevoked = 'SESSION_REVOKED',
  /** Scoped by user id: one of the user's read markers moved, so that their other sessions clear their badges. */
  ReadMarkerMoved = 'READ_MARKER_MOVED',
  /** Scoped by channel id: someone started or stopped typing in the channel. Never stored. */
  ChannelTyping = 'CHANNEL_TYPING',
  /** Scoped by the recipient's user id: someone started or stopped typing a direct message to them. Never stored. */
  DirectTyping = 'DIRECT_TYPING',
}

/**
 * What each topic carries. Payloads hold everything subscribers need (the
 * message with its author, say), so delivering an event never reads the
 * database. They are plain JSON, so they cross Redis unchanged.
 */
export interface TopicPayloads {
  [Topic.MessageAdded]: Message;
  [Topic.ChannelActivity]: Message;
  [Topic.ChannelAdded]: Channel;
  [Topic.DirectMessageAdded]: DirectMessage;
  [Topic.MessageUpdated]: Message;
  [Topic.DirectMessageUpdated]: DirectMessage;
  [Topic.PresenceChanged]: User & { online: boolean };
  [Topic.SessionRevoked]: { sessionId: string };
  [Topic.ReadMarkerMoved]: ReadMarker;
  [Topic.ChannelTyping]: TypingEvent;
  [Topic.DirectTyping]: TypingEvent;
}

/**
 * What a stream hands its events to as they arrive, when its consumer asks
 * for that (EventStream.pushTo) rather than pulling one promise per event.
 */
export interface EventSink<T> {
  accept(event: T): void;
  /** The stream ended; `error` when it failed. Called once, after the last `accept`. */
  finish(error?: unknown): void;
}

/** One subscriber's stream of events; `return()` unsubscribes. */
export interface EventStream<T> extends AsyncIterableIterator<T> {
  /**
   * From now on, hands each event to `sink` inside the publisher's own call,
   * and the stream's end to `sink.finish`: the shared fan-out writes one
   * event to a thousand sockets in one run of JavaScript this way, without
   * a promise and a turn of the microtask queue per subscriber. False when
   * it cannot now (events wait to be pulled, or the stream is over): pull
   * with `next()`, and ask again. Once it said true, `next()` is not called
   * again; `return()` still ends the stream (and calls `finish`).
   */
  pushTo?(sink: EventSink<T>): boolean;
}

/**
 * The one interface through which the server publishes and receives events.
 * `subscribe` resolves only once the subscription is live, so a caller that
 * then reads the database (to replay what it missed) cannot fall into a gap.
 */
export interface EventBus {
  publish<K extends Topic>(topic: K, payload: TopicPayloads[K], scope?: string): Promise<void>;
  subscribe<K extends Topic>(topic: K, scope?: string): Promise<EventStream<TopicPayloads[K]>>;
  close(): Promise<void>;
}
