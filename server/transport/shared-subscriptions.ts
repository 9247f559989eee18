import {
  createSourceEventStream,
  getOperationAST,
  subscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { EventSink, EventStream } from '../domain/ports/events.port.js';
import { CompiledExecution } from './compiled-execution.js';
import { isPromise, type PromiseOrValue } from './promise-or-value.js';
import { SharedOperations, type SharedOperation, type SharedResult } from './shared-operations.js';
import { sendFrame, textFrame, type TextFrame } from './socket-output.js';
import { selectsViewerDependentField } from './viewer-dependent-selection.js';

/**
 * Subscription root fields whose results depend on the event and the query
 * alone, never on who is asking: everything under them is the same for every
 * subscriber (presence is global). Only these are shared; any other
 * subscription runs per subscriber, as graphql-ws would run it. So does one
 * of these whose selection reaches a viewer-dependent field (a Channel's
 * unread counts under channelAdded): see viewer-dependent-selection.ts.
 */
export const VIEWER_INDEPENDENT_SUBSCRIPTIONS: ReadonlySet<string> = new Set([
  'messageAdded',
  'messageUpdated',
  'channelActivity',
  'channelAdded',
  'presenceChanged',
  // Who is typing is the same for every subscriber; leaving out one's own typing is done by each subscriber's own stream.
  'typingChanged',
]);

export interface SharedSubscriptionsOptions {
  /** What clients see of execution errors: the same mapping as graphql-ws's `onNext`. */
  formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
  /** Root fields that may be shared. Default VIEWER_INDEPENDENT_SUBSCRIPTIONS. */
  shareableFields?: ReadonlySet<string>;
}

/** Frames are JSON text, sent as text frames as graphql-ws sends them, although built as bytes. */
const CLOSING_BRACE = 0x7d;

/**
 * The iterator graphql-ws holds for a shared subscription. It yields nothing:
 * events go straight to the socket. `next()` settles when the event stream
 * ends (graphql-ws then sends `complete`) or fails (graphql-ws sends
 * `error`); `return()` (the client's `complete`, or a closed socket) ends the
 * stream at once, even while it waits for an event.
 *
 * Events are pulled while the stream has some waiting (a resume's replay);
 * then, where the stream can (EventStream.pushTo), they are taken as they
 * are published: the publisher's one synchronous call writes the event to
 * every subscriber's socket, where pulling cost each subscriber a promise
 * and a few turns of the microtask queue, and the last of a thousand
 * sockets waited for all of them.
 */
abstract class DirectDelivery implements AsyncGenerator<never, undefined>, EventSink<unknown> {
  private events: EventStream<unknown> | null = null;
  /** The end of the stream: what every `next()` returns. */
  private outcome: Promise<IteratorResult<never, undefined>> | null = null;
  private stopped = false;
  /** While pushed: the end of the stream, or the failure of a delivery. */
  private settlePushed: ((error?: unknown) => void) | null = null;
  /** While pushed: deliveries waiting for a shared result still being computed, in order. */
  private backlog: Promise<void> | null = null;

  /** Whether the delivery has been told the stream ended (once). */
  private told = false;

  /** Writes one event; a promise when it is not written yet: the next waits for it. */
  protected abstract deliver(event: unknown): void | Promise<void>;

  /** Once, when the stream has ended or been stopped. */
  protected abstract ended(): void;

  /** Begins taking the stream's events. */
  start(events: EventStream<unknown>): this {
    this.events = events;
    this.outcome = this.pump(events);
    this.outcome.catch(() => {});
    return this;
  }

  private async pump(events: EventStream<unknown>): Promise<IteratorResult<never, undefined>> {
    try {
      for (;;) {
        if (this.stopped) break;
        if (events.pushTo) {
          const pushed = new Promise<void>((resolve, reject) => {
            this.settlePushed = (error) => (error === undefined ? resolve() : reject(error));
          });
          if (events.pushTo(this)) {
            await pushed;
            break;
          }
          this.settlePushed = null;
        }
        const event = await events.next();
        if (event.done || this.stopped) break;
        const delivered = this.deliver(event.value);
        if (delivered) await delivered;
      }
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      this.end();
    }
    return { value: undefined, done: true };
  }

  private end(): void {
    if (this.told) return;
    this.told = true;
    this.ended();
  }

  /** An event pushed by the stream, inside the publisher's call: written now unless earlier ones still wait. */
  accept(event: unknown): void {
    if (this.stopped) return;
    if (this.backlog) return this.wait(this.backlog.then(() => (this.stopped ? undefined : this.deliver(event))));
    try {
      const delivered = this.deliver(event);
      if (delivered) this.wait(delivered);
    } catch (error) {
      // Never into the publisher, which is delivering to every other subscriber too.
      this.fail(error);
    }
  }

  finish(error?: unknown): void {
    const settle = this.settlePushed;
    this.settlePushed = null;
    if (!settle) return;
    if (this.backlog && error === undefined) void this.backlog.then(() => settle(), settle);
    else settle(error);
  }

  private wait(delivered: Promise<void>): void {
    const tail: Promise<void> = delivered.then(
      () => {
        if (this.backlog === tail) this.backlog = null;
      },
      (error: unknown) => this.fail(error),
    );
    this.backlog = tail;
  }

  private fail(error: unknown): void {
    this.finish(error ?? new Error('The delivery of an event failed.'));
  }

  next(): Promise<IteratorResult<never, undefined>> {
    return this.stopped || !this.outcome ? Promise.resolve({ value: undefined, done: true }) : this.outcome;
  }

  async return(): Promise<IteratorResult<never, undefined>> {
    await this.stop();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<never, undefined>> {
    await this.stop();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.end();
    await this.events?.return?.();
  }
}

/**
 * One shared subscription: the iterator graphql-ws holds, where its results
 * go, and which other subscriptions share them. One object per subscription
 * on the path of every event, where an iterator, a closure, its context and
 * a record of the target each cost a cache miss per subscriber of every
 * message once a thousand of them no longer fit in the core's cache.
 */
class SharedSubscriber extends DirectDelivery {
  /** `{"id":"…","type":"next","payload":` for this subscription, as UTF-8. */
  readonly framePrefix: Buffer;
  /** What the subscriptions of the same operation share; set once subscribed. */
  operation: SharedOperation | null = null;

  constructor(
    private readonly sharing: SharedSubscriptions,
    readonly args: ExecutionArgs,
    readonly socket: WebSocket,
    /** The subscription's id, as the client gave it. */
    readonly id: string,
    /** Same query, operation and variables: the same result for the same event. */
    readonly operationKey: string,
  ) {
    super();
    this.framePrefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  protected deliver(event: unknown): void | Promise<void> {
    return this.sharing.deliverTo(this, event);
  }

  protected ended(): void {
    this.sharing.operations.release(this.operation!);
  }
}

/**
 * Fan-out of subscription events at the cost of one execution per event.
 *
 * Every subscriber still runs the subscription's own `subscribe` resolver
 * with its own context, so authentication, authorisation and resume stay per
 * subscriber, and so does its stream of events. What is shared is the rest:
 * an event object reaches every subscriber of a topic as the same object, so
 * its result is executed (by the operation compiled once, see
 * compiled-execution.ts) and serialised once per (event, query, operation,
 * variables), kept beside the event in a WeakMap and in the operation's
 * SharedOperation (where every subscriber after the first finds it), and
 * written to each socket inside that subscription's own graphql-transport-ws
 * envelope: a frame built once for each run of subscribers with the same
 * id. The bytes are those graphql-ws would send: a client cannot tell.
 *
 * Wiring: `register` the ExecutionArgs that `onSubscribe` returns, and give
 * `subscribe` to graphql-ws as its `subscribe` option. Registered operations
 * that cannot be shared, and everything unregistered, run as graphql-js's
 * `subscribe` would run them. Shared deliveries bypass graphql-ws's `onNext`
 * (errors are mapped by `formatErrors` instead); `onComplete` and `onError`
 * still run.
 */
export class SharedSubscriptions {
  private readonly registered = new WeakMap<ExecutionArgs, SharedSubscriber>();
  private readonly results = new WeakMap<object, Map<string, SharedResult>>();
  /** What the live subscriptions of each operation share, kept while one of them lives (read by tests). */
  readonly operations = new SharedOperations();
  private readonly shareableFields: ReadonlySet<string>;
  /** Each operation's selection, compiled once: what every event is executed by. */
  private readonly execution = new CompiledExecution();

  constructor(private readonly options: SharedSubscriptionsOptions) {
    this.shareableFields = options.shareableFields ?? VIEWER_INDEPENDENT_SUBSCRIPTIONS;
  }

  /**
   * Marks `args` (from onSubscribe) for shared delivery of operation `id` on
   * `socket`, when it is a subscription to a shareable field. Returns `args`.
   */
  register(args: ExecutionArgs, socket: WebSocket, id: string, query: string): ExecutionArgs {
    const field = rootField(args);
    if (field !== null && this.shareableFields.has(field) && !selectsViewerDependentField(args.schema, args.document)) {
      const operationKey = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? null)}\u0000${query}`;
      this.registered.set(args, new SharedSubscriber(this, args, socket, id, operationKey));
    }
    return args;
  }

  /** graphql-ws's `subscribe` option. */
  readonly subscribe = async (args: ExecutionArgs) => {
    const subscriber = this.registered.get(args);
    if (!subscriber) return subscribe(args);
    this.registered.delete(args);
    const events = await createSourceEventStream(args);
    if (!isAsyncIterable(events)) return events;
    subscriber.operation = this.operations.acquire(subscriber.operationKey);
    return subscriber.start(events[Symbol.asyncIterator]() as EventStream<unknown>);
  };

  /** Writes one event to one subscriber (its DirectDelivery's call); a promise only when the shared result is not ready yet. */
  deliverTo(subscriber: SharedSubscriber, event: unknown): void | Promise<void> {
    const { args } = subscriber;
    if (typeof event !== 'object' || event === null)
      return this.sendPayload(subscriber, this.serialise(this.execution.execute(args, event)));
    const operation = subscriber.operation!;
    const result = operation.event === event ? operation.result! : this.resultFor(event, args, operation);
    if (result.frameId === subscriber.id) return this.send(subscriber, result.frame!);
    const { payload } = result;
    if (!Buffer.isBuffer(payload)) return this.sendPayload(subscriber, payload);
    result.frame = this.frame(subscriber, payload);
    result.frameId = subscriber.id;
    this.send(subscriber, result.frame);
  }

  /** A payload in a frame of this subscriber's own, once it is ready. */
  private sendPayload(subscriber: SharedSubscriber, payload: PromiseOrValue<Buffer>): void | Promise<void> {
    if (isPromise(payload)) return payload.then((ready) => this.send(subscriber, this.frame(subscriber, ready)));
    this.send(subscriber, this.frame(subscriber, payload));
  }

  /** The `next` frame of this subscription around a payload: bytes copied from the payload encoded once, no string built per subscriber. */
  private frame(subscriber: SharedSubscriber, payload: Buffer): TextFrame {
    return textFrame(subscriber.framePrefix, payload, CLOSING_BRACE);
  }

  private send(subscriber: SharedSubscriber, frame: TextFrame): void {
    const { socket } = subscriber;
    // A subscriber that stopped reading, or a frame over the answer cap, is
    // dealt with by the socket's own send (socket-output.ts), as for every frame.
    if (socket.readyState !== socket.OPEN) return;
    sendFrame(socket, frame);
  }

  /** The result of this event for this operation, its payload computed once, even for events delivered out of turn. */
  private resultFor(event: object, args: ExecutionArgs, operation: SharedOperation): SharedResult {
    let byOperation = this.results.get(event);
    if (!byOperation) this.results.set(event, (byOperation = new Map()));
    let result = byOperation.get(operation.key);
    if (result === undefined) {
      result = { payload: this.serialise(this.execution.execute(args, event)), frameId: null, frame: null };
      byOperation.set(operation.key, result);
    }
    operation.event = event;
    operation.result = result;
    return result;
  }

  private serialise(result: PromiseOrValue<ExecutionResult>): PromiseOrValue<Buffer> {
    if (isPromise(result)) return result.then((settled) => this.stringify(settled));
    return this.stringify(result);
  }

  /** What graphql-ws would put in `payload`, after the same error mapping. */
  private stringify(result: ExecutionResult): Buffer {
    if (!result.errors) return Buffer.from(JSON.stringify(result));
    return Buffer.from(JSON.stringify({ ...result, errors: this.options.formatErrors(result.errors) }));
  }
}

/** The root field of a subscription operation, or null for anything else. */
function rootField(args: ExecutionArgs): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'subscription') return null;
  const [selection, ...others] = operation.selectionSet.selections;
  if (others.length > 0 || selection?.kind !== 'Field') return null;
  return selection.name.value;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}
