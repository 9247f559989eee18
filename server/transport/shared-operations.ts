import type { PromiseOrValue } from './promise-or-value.js';
import type { TextFrame } from './socket-output.js';

/**
 * One event's result for one operation: its payload, computed once, and the
 * frame last built around it. Subscribers of one operation often share the
 * subscription id too (clients that number their operations from 1 all say
 * "1"): those in a row get the same frame, built once, as a server that
 * broadcasts one buffer would send.
 */
export interface SharedResult {
  readonly payload: PromiseOrValue<Buffer>;
  /** The id the frame was built for, and the frame. */
  frameId: string | null;
  frame: TextFrame | null;
}

/**
 * What the live subscriptions of one operation (same query, operation name
 * and variables) share: the result of the event delivered last. Every
 * subscriber after the first finds it here, in one object they all point to,
 * rather than each looking it up by a key of its own.
 */
export class SharedOperation {
  event: object | null = null;
  result: SharedResult | null = null;
  subscribers = 0;

  constructor(readonly key: string) {}
}

/** The shared operations of the live subscriptions, each kept while one of them lives. */
export class SharedOperations {
  private readonly byKey = new Map<string, SharedOperation>();

  acquire(key: string): SharedOperation {
    let operation = this.byKey.get(key);
    if (!operation) this.byKey.set(key, (operation = new SharedOperation(key)));
    operation.subscribers++;
    return operation;
  }

  release(operation: SharedOperation): void {
    if (--operation.subscribers === 0 && this.byKey.get(operation.key) === operation) this.byKey.delete(operation.key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
