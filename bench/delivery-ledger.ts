/**
 * Which messages each subscriber has received, to tell a duplicate from a
 * message that arrived after a later one (several sends in flight may be
 * committed, and so published, in another order than they were sent). Per
 * subscriber it keeps the highest sequence number seen and the lower ones
 * still missing, so memory grows with how far out of order deliveries come,
 * not with the number of messages.
 */
export type DeliveryKind = 'new' | 'reordered' | 'duplicate';

export class DeliveryLedger {
  private readonly highest: Float64Array;
  private readonly missing = new Map<number, Set<number>>();

  /** `first` is the lowest sequence number that counts. */
  constructor(
    subscribers: number,
    private readonly first: number,
  ) {
    this.highest = new Float64Array(subscribers).fill(first - 1);
  }

  record(subscriber: number, seq: number): DeliveryKind {
    const highest = this.highest[subscriber]!;
    if (seq > highest) {
      if (seq > highest + 1) {
        let gaps = this.missing.get(subscriber);
        if (!gaps) this.missing.set(subscriber, (gaps = new Set()));
        for (let skipped = highest + 1; skipped < seq; skipped++) gaps.add(skipped);
      }
      this.highest[subscriber] = seq;
      return 'new';
    }
    return this.missing.get(subscriber)?.delete(seq) ? 'reordered' : 'duplicate';
  }
}
