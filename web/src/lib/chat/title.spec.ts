import { describe, expect, it } from 'vitest';
import { documentTitle } from './title.js';

describe('documentTitle', () => {
  it('should put the unread count before the conversation and the app', () => {
    expect(documentTitle(3, '#general')).toBe('(3) #general · Flask-Chat');
    expect(documentTitle(0, 'bob')).toBe('bob · Flask-Chat');
    expect(documentTitle(0, null)).toBe('Flask-Chat');
    expect(documentTitle(12_000, null)).toBe('(999+) Flask-Chat');
  });
});
