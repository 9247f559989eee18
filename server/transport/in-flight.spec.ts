import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settle = (inFlight: InFlight, quietMs = 50, deadlineMs = 1000) => {
    let result: boolean | undefined;
    void inFlight.settled({ quietMs, deadlineMs }).then((value) => (result = value));
    return () => result;
  };

  it('should settle at once when nothing ever ran', async () => {
    const result = settle(new InFlight());
    await vi.advanceTimersByTimeAsync(0);
    expect(result()).toBe(true);
  });

  it('should wait for the work in flight, then for a quiet period', async () => {
    const inFlight = new InFlight();
    const leave = inFlight.enter();
    const result = settle(inFlight);
    await vi.advanceTimersByTimeAsync(500);
    expect(result()).toBeUndefined();
    leave();
    await vi.advanceTimersByTimeAsync(49);
    expect(result()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result()).toBe(true);
  });

  it('should count work that starts during the quiet period', async () => {
    const inFlight = new InFlight();
    inFlight.enter()();
    const result = settle(inFlight);
    await vi.advanceTimersByTimeAsync(20);
    const leave = inFlight.enter();
    await vi.advanceTimersByTimeAsync(100);
    expect(result()).toBeUndefined();
    leave();
    await vi.advanceTimersByTimeAsync(50);
    expect(result()).toBe(true);
  });

  it('should give up at the deadline while work is still in flight', async () => {
    const inFlight = new InFlight();
    inFlight.enter();
    const result = settle(inFlight, 50, 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(result()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result()).toBe(false);
    expect(inFlight.size).toBe(1);
  });

  it('should count a piece of work once however often it is ended', () => {
    const inFlight = new InFlight();
    const leave = inFlight.enter();
    inFlight.enter();
    leave();
    leave();
    expect(inFlight.size).toBe(1);
  });
});
