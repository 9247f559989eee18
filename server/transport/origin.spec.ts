import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './origin.js';

describe('isAllowedOrigin', () => {
  it('should allow a request without Origin: not a browser, so no cookie to ride on', () => {
    expect(isAllowedOrigin(undefined, 'chat.example.com', [])).toBe(true);
  });

  it("should allow the server's own origin, whatever the scheme", () => {
    expect(isAllowedOrigin('https://chat.example.com', 'chat.example.com', [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4000', '127.0.0.1:4000', [])).toBe(true);
  });

  it('should allow an origin on the allow-list', () => {
    expect(isAllowedOrigin('http://localhost:5173', '127.0.0.1:4000', ['http://localhost:5173'])).toBe(true);
  });

  it('should refuse other sites, other ports, look-alikes and opaque origins', () => {
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1:4001',
      'https://chat.example.com.evil.example',
      'https://evil.example/chat.example.com',
      'null',
      'not a url',
    ])
      expect(isAllowedOrigin(origin, origin === 'http://127.0.0.1:4001' ? '127.0.0.1:4000' : 'chat.example.com', []), origin).toBe(false);
  });

  it('should refuse when the request names no host', () => {
    expect(isAllowedOrigin('https://chat.example.com', undefined, [])).toBe(false);
  });
});
