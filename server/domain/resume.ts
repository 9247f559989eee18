/**
 * A subscription that resumes: first the stored items the client missed, then
 * live ones, with no gap and no duplicate.
 *
 * The caller subscribes to live events *before* reading the stored items, so
 * anything committed while the read runs is in the live stream; live items at
 * or below the watermark (the larger of `after` and the last replayed id) were
 * already replayed and are skipped.
 *
 * Written as an explicit iterator, not an async generator: a generator
 * suspended in `await live.next()` would not run `return()` until the next
 * event arrived, leaking the live subscription of every idle client that
 * unsubscribes.
 */
export function replayThenLive<T extends { id: string }>(
  replayed: readonly T[],
  live: AsyncIterator<T>,
  after: string | null,
): AsyncIterableIterator<T> {
  let index = 0;
  let watermark = after === null ? -Infinity : Number(after);
  for (const item of replayed) watermark = Math.max(watermark, Number(item.id));

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (index < replayed.length) return { value: replayed[index++]!, done: false };
      for (;;) {
        const result = await live.next();
        if (result.done) return result;
        if (Number(result.value.id) > watermark) return result;
      }
    },
    async return(): Promise<IteratorResult<T>> {
      index = replayed.length;
      await live.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
