import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

describe('AsyncQueue', () => {
  it('should hand out pushed values in order', async () => {
    const queue = new AsyncQueue<number>(() => {});
    queue.push(1);
    queue.push(2);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
  });

  it('should resolve a waiting consumer when a value arrives', async () => {
    const queue = new AsyncQueue<string>(() => {});
    const waiting = queue.next();
    queue.push('late');
    expect(await waiting).toEqual({ value: 'late', done: false });
  });

  it('should end a waiting consumer and call onClose once on return', async () => {
    let closes = 0;
    const queue = new AsyncQueue<number>(() => closes++);
    const waiting = queue.next();
    await queue.return();
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(closes).toBe(1);
  });

  it('should ignore values pushed after it ended', async () => {
    const queue = new AsyncQueue<number>(() => {});
    await queue.return();
    queue.push(1);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('should end with an error a consumer that falls more than `capacity` behind', async () => {
    let closed = false;
    const queue = new AsyncQueue<number>(() => (closed = true), 3);
    for (let n = 0; n < 4; n++) queue.push(n);
    expect(closed).toBe(true);
    await expect(queue.next()).rejects.toThrow(/fell more than 3 events behind/);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('should close on throw and rethrow the error', async () => {
    let closed = false;
    const queue = new AsyncQueue<number>(() => (closed = true));
    await expect(queue.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(closed).toBe(true);
  });

  it('should work with for await', async () => {
    const queue = new AsyncQueue<number>(() => {});
    queue.push(1);
    queue.push(2);
    const seen: number[] = [];
    for await (const value of queue) {
      seen.push(value);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([1, 2]);
  });

  it('should hand pushed values to a sink inside the push, and end it once on return', async () => {
    let closed = 0;
    const queue = new AsyncQueue<number>(() => closed++);
    const sink = { accepted: [] as number[], finished: 0, accept: (n: number) => sink.accepted.push(n), finish: () => sink.finished++ };
    expect(queue.pushTo(sink)).toBe(true);
    queue.push(1);
    queue.push(2);
    expect(sink.accepted).toEqual([1, 2]);
    await queue.return();
    await queue.return();
    queue.push(3);
    expect(sink).toMatchObject({ accepted: [1, 2], finished: 1 });
    expect(closed).toBe(1);
  });

  it('should refuse a sink while values wait to be pulled, or while a consumer waits, and once it has ended', async () => {
    const sink = { accept: () => {}, finish: () => {} };
    const buffered = new AsyncQueue<number>(() => {});
    buffered.push(1);
    expect(buffered.pushTo(sink)).toBe(false);
    expect(await buffered.next()).toEqual({ value: 1, done: false });
    expect(buffered.pushTo(sink)).toBe(true);

    const waitedOn = new AsyncQueue<number>(() => {});
    void waitedOn.next();
    expect(waitedOn.pushTo(sink)).toBe(false);

    const ended = new AsyncQueue<number>(() => {});
    await ended.return();
    expect(ended.pushTo(sink)).toBe(false);
  });
});
