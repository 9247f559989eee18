import type { OutboxEntry, OutboxEvent, WrittenOutboxEntry } from '../../domain/ports/store.port.js';
import { outboxRow, Sequence, type OutboxRow } from './memory-tables.js';

/** The memory store's outbox: the events of sends and changes, kept until published, oldest first. */
export class MemoryOutbox {
  private readonly rows: OutboxRow[] = [];
  private readonly ids = new Sequence();

  /** In a send's or change's step: its events, and whether older ones still wait. */
  write(events: readonly OutboxEvent[] | undefined, now: Date): WrittenOutboxEntry | null {
    if (!events) return null;
    const row = outboxRow(this.ids.next(), events, now);
    // Ids only grow and removal keeps the order: anything left in the outbox is older.
    const olderPending = this.rows.length > 0;
    this.rows.push(row);
    return { id: row.id, olderPending };
  }

  pending(before: Date, limit: number): OutboxEntry[] {
    return this.rows
      .filter((row) => row.createdAt.getTime() < before.getTime())
      .slice(0, Math.max(0, limit))
      .map((row) => ({ id: row.id, events: JSON.parse(row.events) as OutboxEvent[] }));
  }

  remove(ids: readonly string[]): void {
    const gone = new Set(ids);
    for (let i = this.rows.length - 1; i >= 0; i--) if (gone.has(this.rows[i]!.id)) this.rows.splice(i, 1);
  }
}
