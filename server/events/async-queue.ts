import type { EventSink, EventStream } from '../domain/ports/events.port.js';

/**
 * A push-to-pull bridge: events pushed in by a publisher's callback come out
 * of an AsyncIterator, in order, to one consumer. Bounded: a consumer that
 * falls `capacity` events behind (a socket that stopped reading) is ended with
 * an error rather than growing the server's memory without limit.
 *
 * A consumer may instead take the events as they are pushed (`pushTo`): then
 * nothing is buffered, and each push reaches it inside the publisher's call.
 */
export class AsyncQueue<T> implements EventStream<T> {
  private readonly buffered: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private waitingReject: ((error: unknown) => void) | null = null;
  private failure: Error | null = null;
  private done = false;
  private sink: EventSink<T> | null = null;

  constructor(
    private readonly onClose: () => void,
    private readonly capacity = 10_000,
  ) {}

  push(value: T): void {
    if (this.done) return;
    if (this.sink) return this.sink.accept(value);
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.waitingReject = null;
      resolve({ value, done: false });
      return;
    }
    if (this.buffered.length >= this.capacity) {
      this.fail(new Error(`The subscriber fell more than ${this.capacity} events behind.`));
      return;
    }
    this.buffered.push(value);
  }

  /** Only with nothing buffered and nobody waiting: what is buffered must be pulled first, to keep the order. */
  pushTo(sink: EventSink<T>): boolean {
    // A failure waiting to be pulled has ended the queue too (fail closes it).
    if (this.done || this.sink || this.waiting || this.buffered.length > 0) return false;
    this.sink = sink;
    return true;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift()!, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.waitingReject = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private fail(error: Error): void {
    this.buffered.length = 0;
    if (this.waitingReject) {
      const reject = this.waitingReject;
      this.waiting = this.waitingReject = null;
      reject(error);
    } else {
      this.failure = error;
    }
    this.close();
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.waitingReject = null;
      resolve({ value: undefined, done: true });
    }
    const sink = this.sink;
    this.sink = null;
    sink?.finish();
    this.onClose();
  }
}
