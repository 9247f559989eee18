/** A count per key, with a ceiling; keys at zero are forgotten, so memory follows what is live. */
export class BoundedCounter {
  private readonly counts = new Map<string, number>();

  /** @param max the ceiling per key; 0 means none. */
  constructor(readonly max: number) {}

  /** Counts one more for `key` and returns true, or returns false (counting nothing) at the ceiling. */
  tryAdd(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (this.max > 0 && count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  remove(key: string): void {
    const count = this.counts.get(key);
    if (count === undefined) return;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export interface SocketQuotaLimits {
  /** MAX_SOCKETS_PER_USER (0: none). */
  maxSocketsPerUser: number;
  /** MAX_SOCKETS_PER_ADDRESS (0: none). */
  maxSocketsPerAddress: number;
  /** MAX_SUBSCRIPTIONS_PER_USER (0: none). */
  maxSubscriptionsPerUser: number;
}

/**
 * What the WebSockets of this instance hold, per address and per user:
 * sockets, and live subscriptions over all of a user's sockets. Counted per
 * instance, like the rate limits: a client spread over n instances may hold
 * n times as much, which still stops a flood from any one of them.
 */
export class SocketQuotas {
  readonly socketsPerAddress: BoundedCounter;
  readonly socketsPerUser: BoundedCounter;
  readonly subscriptionsPerUser: BoundedCounter;

  constructor(limits: SocketQuotaLimits) {
    this.socketsPerAddress = new BoundedCounter(limits.maxSocketsPerAddress);
    this.socketsPerUser = new BoundedCounter(limits.maxSocketsPerUser);
    this.subscriptionsPerUser = new BoundedCounter(limits.maxSubscriptionsPerUser);
  }
}
