import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../events/async-queue.js';
import { replayThenLive } from './resume.js';

type Item = { id: string };
const items = (...ids: number[]): Item[] => ids.map((id) => ({ id: String(id) }));

async function take(iterator: AsyncIterator<Item>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const result = await iterator.next();
    if (result.done) break;
    ids.push(result.value.id);
  }
  return ids;
}

describe('replayThenLive', () => {
  it('should give the replayed items first, then the live ones', async () => {
    const live = new AsyncQueue<Item>(() => {});
    const stream = replayThenLive(items(4, 5), live, '3');
    live.push({ id: '6' });
    expect(await take(stream, 3)).toEqual(['4', '5', '6']);
  });

  it('should skip live items that the replay already gave', async () => {
    const live = new AsyncQueue<Item>(() => {});
    // 5 and 6 were committed while the replay read ran: both in the replay and live.
    for (const item of items(5, 6, 7)) live.push(item);
    const stream = replayThenLive(items(4, 5, 6), live, '3');
    expect(await take(stream, 4)).toEqual(['4', '5', '6', '7']);
  });

  it('should skip live items at or below `after` when nothing was replayed', async () => {
    const live = new AsyncQueue<Item>(() => {});
    for (const item of items(2, 3, 4)) live.push(item);
    expect(await take(replayThenLive([], live, '3'), 1)).toEqual(['4']);
  });

  it('should compare ids as numbers, not as strings', async () => {
    const live = new AsyncQueue<Item>(() => {});
    live.push({ id: '10' });
    expect(await take(replayThenLive(items(9), live, '8'), 2)).toEqual(['9', '10']);
  });

  it('should pass everything through without `after`', async () => {
    const live = new AsyncQueue<Item>(() => {});
    for (const item of items(1, 2)) live.push(item);
    expect(await take(replayThenLive([], live, null), 2)).toEqual(['1', '2']);
  });

  it('should end the live subscription on return, even while waiting for an event', async () => {
    let closed = false;
    const live = new AsyncQueue<Item>(() => (closed = true));
    const stream = replayThenLive(items(1), live, '0');
    await stream.next();
    const waiting = stream.next();
    await stream.return!();
    expect(closed).toBe(true);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('should be its own async iterator', async () => {
    const live = new AsyncQueue<Item>(() => {});
    const stream = replayThenLive(items(1, 2), live, '0');
    const ids: string[] = [];
    for await (const item of stream) {
      ids.push(item.id);
      if (ids.length === 2) break;
    }
    expect(ids).toEqual(['1', '2']);
  });
});
