import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { corsOriginOf } from './cors.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const LISTED = ['https://studio.example', 'http://localhost:3000'];

describe('corsOriginOf', () => {
  it('should name a listed origin calling from another site', () => {
    expect(corsOriginOf(request({ origin: 'https://studio.example', host: 'chat.example.com' }), LISTED)).toBe('https://studio.example');
  });

  it("should leave alone requests without Origin, from the server's own origin, or when none is listed", () => {
    expect(corsOriginOf(request({ host: 'chat.example.com' }), LISTED)).toBeNull();
    expect(corsOriginOf(request({ origin: 'http://localhost:3000', host: 'localhost:3000' }), LISTED)).toBeNull();
    expect(corsOriginOf(request({ origin: 'https://studio.example', host: 'chat.example.com' }), [])).toBeNull();
  });

  it('should not name origins that are not listed exactly', () => {
    for (const origin of ['https://studio.example.evil.example', 'http://studio.example', 'https://studio.example:8443', 'null'])
      expect(corsOriginOf(request({ origin, host: 'chat.example.com' }), LISTED), origin).toBeNull();
  });
});
