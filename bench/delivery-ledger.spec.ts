import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from './delivery-ledger.js';

describe('DeliveryLedger', () => {
  it('should count messages in order as new and a repeat as a duplicate', () => {
    const ledger = new DeliveryLedger(2, 10);
    expect([10, 11, 12].map((seq) => ledger.record(0, seq))).toEqual(['new', 'new', 'new']);
    expect(ledger.record(0, 12)).toBe('duplicate');
    expect(ledger.record(1, 10)).toBe('new');
  });

  it('should count a message that arrives after a later one as reordered, once', () => {
    const ledger = new DeliveryLedger(1, 1);
    expect(ledger.record(0, 3)).toBe('new');
    expect(ledger.record(0, 1)).toBe('reordered');
    expect(ledger.record(0, 2)).toBe('reordered');
    expect(ledger.record(0, 2)).toBe('duplicate');
    expect(ledger.record(0, 4)).toBe('new');
  });

  it('should take nothing below the first counted number as a gap', () => {
    const ledger = new DeliveryLedger(1, 100);
    expect(ledger.record(0, 101)).toBe('new');
    expect(ledger.record(0, 99)).toBe('duplicate');
    expect(ledger.record(0, 100)).toBe('reordered');
  });
});
