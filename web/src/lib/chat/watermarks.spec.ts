import { describe, expect, it } from 'vitest';
import { Watermarks } from './watermarks.js';

describe('Watermarks', () => {
  it('should resume a stream after the newest message processed, compared as numbers', () => {
    const marks = new Watermarks();
    marks.start('channel:1', '9');
    marks.advance('channel:1', '10');
    marks.advance('channel:1', '8'); // a late replay does not move it back
    expect(marks.after('channel:1')).toBe('10');
  });

  it('should keep the point a followed stream reached when a fresh listing is ahead of it', () => {
    const marks = new Watermarks();
    marks.start('channel:1', '5');
    marks.start('channel:1', '50');
    expect(marks.after('channel:1')).toBe('5');
  });

  it('should know nothing of a stream it never saw', () => {
    const marks = new Watermarks();
    expect(marks.after('dm')).toBeNull();
    expect(marks.has('dm')).toBe(false);
    marks.advance('dm', null);
    expect(marks.has('dm')).toBe(false);
    marks.advance('dm', '3');
    expect(marks.after('dm')).toBe('3');
  });
});
