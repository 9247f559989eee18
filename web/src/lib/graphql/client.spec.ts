import { describe, expect, it } from 'vitest';
import { SESSION_ENDED_CODES } from './client.js';
import { CloseCode } from './codes.js';

describe('SESSION_ENDED_CODES', () => {
  it('should stop reconnecting after the server ended or refused the session, and only then', () => {
    expect([...SESSION_ENDED_CODES].sort()).toEqual([4401, 4403]);
    expect(SESSION_ENDED_CODES).toContain(CloseCode.InvalidToken);
    for (const code of [CloseCode.TooManyConnections, CloseCode.GoingAway, CloseCode.ServiceRestart, CloseCode.BadRequest, 1006]) {
      expect(SESSION_ENDED_CODES).not.toContain(code);
    }
  });
});
