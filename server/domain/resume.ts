import type { EventSink, EventStream } from './ports/events.port.js';

/**
 * A subscription that resumes: first the stored items the client missed, then
 * live ones, with no gap and no duplicate.
 *
 * The caller subscribes to live events *before* reading the stored items, so
 * anything committed while the read runs is in the live stream; live items at
 * or below the watermark (the larger of `after` and the last id handed out)
 * were already handed out and are skipped. That also drops an event the
 * outbox published twice (see event-outbox.ts): ids only grow within a stream.
 *
 * Written as an explicit iterator, not an async generator: a generator
 * suspended in `await live.next()` would not run `return()` until the next
 * event arrived, leaking the live subscription of every idle client that
 * unsubscribes.
 */
export function replayThenLive<T extends { id: string }>(
  replayed: readonly T[],
  live: EventStream<T>,
  after: string | null,
): EventStream<T> {
  return new ReplayThenLive(replayed, live, after);
}

/**
 * Classes rather than object literals: one is kept per idle subscription,
 * and methods on a prototype cost nothing per instance where a literal's
 * closures (and their computed names) cost a few hundred bytes each.
 */
class ReplayThenLive<T extends { id: string }> implements EventStream<T>, EventSink<T> {
  private index = 0;
  private watermark: number;
  private downstream: EventSink<T> | null = null;

  constructor(
    private replayed: readonly T[],
    private readonly live: EventStream<T>,
    after: string | null,
  ) {
    let watermark = after === null ? -Infinity : Number(after);
    for (const item of replayed) watermark = Math.max(watermark, Number(item.id));
    this.watermark = watermark;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.index < this.replayed.length) return { value: this.replayed[this.index++]!, done: false };
    for (;;) {
      const result = await this.live.next();
      if (result.done) return result;
      const id = Number(result.value.id);
      if (id <= this.watermark) continue;
      this.watermark = id;
      return result;
    }
  }

  /** Once the replay has been pulled, live items go straight through, past the same watermark. */
  pushTo(sink: EventSink<T>): boolean {
    if (this.index < this.replayed.length || !this.live.pushTo) return false;
    this.downstream = sink;
    this.replayed = [];
    this.index = 0;
    if (this.live.pushTo(this)) return true;
    this.downstream = null;
    return false;
  }

  accept(item: T): void {
    const id = Number(item.id);
    if (id <= this.watermark) return;
    this.watermark = id;
    this.downstream!.accept(item);
  }

  finish(error?: unknown): void {
    this.downstream!.finish(error);
  }

  async return(): Promise<IteratorResult<T>> {
    this.index = this.replayed.length;
    await this.live.return?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Live items of several streams in one (every channel's messages): each
 * handed out once, dropping any at or below the newest already handed out
 * for its scope, as replayThenLive does for one stream.
 */
export function oncePerScope<T extends { id: string }>(live: EventStream<T>, scopeOf: (item: T) => string): EventStream<T> {
  return new OncePerScope(live, scopeOf);
}

class OncePerScope<T extends { id: string }> implements EventStream<T>, EventSink<T> {
  private readonly newest = new Map<string, number>();
  private downstream: EventSink<T> | null = null;

  constructor(
    private readonly live: EventStream<T>,
    private readonly scopeOf: (item: T) => string,
  ) {}

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      const result = await this.live.next();
      if (result.done) return result;
      if (this.isNew(result.value)) return result;
    }
  }

  pushTo(sink: EventSink<T>): boolean {
    if (!this.live.pushTo) return false;
    this.downstream = sink;
    if (this.live.pushTo(this)) return true;
    this.downstream = null;
    return false;
  }

  accept(item: T): void {
    if (this.isNew(item)) this.downstream!.accept(item);
  }

  finish(error?: unknown): void {
    this.downstream!.finish(error);
  }

  private isNew(item: T): boolean {
    const scope = this.scopeOf(item);
    const id = Number(item.id);
    if (id <= (this.newest.get(scope) ?? -Infinity)) return false;
    this.newest.set(scope, id);
    return true;
  }

  async return(): Promise<IteratorResult<T>> {
    await this.live.return?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * The resume wiring of a subscription, written once: with the live stream
 * already subscribed, replays what was stored after `after` (nothing when it
 * is null) and then goes live; if reading the store fails, the live
 * subscription is ended before the error goes on, so that nothing leaks.
 */
export async function resume<T extends { id: string }>(
  live: EventStream<T>,
  after: string | null,
  storedAfter: (after: string) => Promise<readonly T[]>,
): Promise<EventStream<T>> {
  if (after === null) return replayThenLive([], live, null);
  try {
    return replayThenLive(await storedAfter(after), live, after);
  } catch (error) {
    await live.return?.();
    throw error;
  }
}
