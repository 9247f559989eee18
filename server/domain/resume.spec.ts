import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../events/async-queue.js';
import { oncePerScope, replayThenLive, resume } from './resume.js';

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

/** What a stream pushes (EventStream.pushTo), by id, and how it ended. */
function sinkOf() {
  const sink = {
    ids: [] as string[],
    finished: [] as unknown[],
    accept: (item: Item) => void sink.ids.push(item.id),
    finish: (error?: unknown) => void sink.finished.push(error ?? 'done'),
  };
  return sink;
}

describe('replayThenLive', () => {
  it('should push live items only once its replay has been pulled, past the same watermark', async () => {
    const live = new AsyncQueue<Item>(() => {});
    const stream = replayThenLive(items(4, 5), live, '3');
    const sink = sinkOf();
    expect(stream.pushTo!(sink)).toBe(false);
    expect(await take(stream, 2)).toEqual(['4', '5']);

    expect(stream.pushTo!(sink)).toBe(true);
    for (const item of items(5, 6, 6, 7)) live.push(item);
    expect(sink.ids).toEqual(['6', '7']);
    await stream.return!();
    expect(sink.finished).toEqual(['done']);
  });

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

describe('replayThenLive and live duplicates', () => {
  it('should hand out a live item published twice once, and never one older than the last handed out', async () => {
    const live = new AsyncQueue<Item>(() => {});
    for (const item of items(1, 2, 2, 1, 3)) live.push(item);
    expect(await take(replayThenLive([], live, null), 3)).toEqual(['1', '2', '3']);
  });
});

describe('oncePerScope', () => {
  it('should drop pushed repeats within each scope as it does pulled ones', () => {
    const live = new AsyncQueue<Item & { scope: string }>(() => {});
    const stream = oncePerScope(live, (item) => item.scope);
    const sink = sinkOf();
    expect(stream.pushTo!(sink)).toBe(true);
    for (const [id, scope] of [
      ['1', 'a'],
      ['1', 'b'],
      ['1', 'a'],
      ['2', 'a'],
    ])
      live.push({ id: id!, scope: scope! });
    expect(sink.ids).toEqual(['1', '1', '2']);
  });

  it('should drop repeats within each scope but keep every scope of its own', async () => {
    const live = new AsyncQueue<Item & { scope: string }>(() => {});
    for (const [id, scope] of [
      ['5', 'a'],
      ['3', 'b'],
      ['5', 'a'],
      ['4', 'b'],
      ['3', 'b'],
      ['6', 'a'],
    ] as const)
      live.push({ id, scope });
    expect(
      await take(
        oncePerScope(live, (item) => item.scope),
        4,
      ),
    ).toEqual(['5', '3', '4', '6']);
  });
});

describe('resume', () => {
  it('should end the live subscription when reading what was stored fails', async () => {
    let ended = false;
    const live = new AsyncQueue<Item>(() => (ended = true));
    await expect(resume(live, '3', async () => Promise.reject(new Error('the store is away')))).rejects.toThrow('the store is away');
    expect(ended).toBe(true);
  });

  it('should not read the store without a resume point', async () => {
    const live = new AsyncQueue<Item>(() => {});
    let read = false;
    const stream = await resume(live, null, async () => ((read = true), items(1)));
    live.push({ id: '9' });
    expect(await take(stream, 1)).toEqual(['9']);
    expect(read).toBe(false);
  });
});
