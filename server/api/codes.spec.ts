import { CloseCode as ProtocolCloseCode } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { CloseCode } from './codes.js';

describe('CloseCode', () => {
  it("should close with graphql-ws's own codes, which its clients read as the protocol says", () => {
    expect(CloseCode.SessionEnded).toBe(ProtocolCloseCode.Unauthorized);
    expect(CloseCode.InvalidToken).toBe(ProtocolCloseCode.Unauthorized);
    expect(CloseCode.Forbidden).toBe(ProtocolCloseCode.Forbidden);
    expect(CloseCode.BadRequest).toBe(ProtocolCloseCode.BadRequest);
    expect(CloseCode.InternalServerError).toBe(ProtocolCloseCode.InternalServerError);
  });
});
