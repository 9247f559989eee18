import { describe, expect, it } from 'vitest';
import { sequenceOf } from './lean-client.js';
import { bodyOf } from './load-generator.js';

describe('bodyOf', () => {
  it('should be the sequence number alone without padding', () => {
    expect(bodyOf(42)).toBe('42');
    expect(bodyOf(42, 2)).toBe('42');
  });

  it('should pad to the exact size in UTF-8 within 4,000 characters, the number still readable from the frame', () => {
    for (const seq of [7, 12345]) {
      for (const bytes of [100, 101, 7_900]) {
        const body = bodyOf(seq, bytes);
        expect(Buffer.byteLength(body)).toBe(bytes);
        expect([...body].length).toBeLessThanOrEqual(4_000);
        expect(sequenceOf(Buffer.from(JSON.stringify({ payload: { body } })))).toBe(seq);
      }
    }
  });
});
