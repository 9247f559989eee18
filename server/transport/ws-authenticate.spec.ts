import { describe, expect, it } from 'vitest';
import { tokenOf } from './ws-authenticate.js';

describe('tokenOf', () => {
  it('should read the token from every shape of connection_init clients send', () => {
    for (const params of [
      { authToken: 'abc' },
      { authToken: 'Bearer abc' },
      { Authorization: 'Bearer abc' },
      { authorization: 'bearer  abc ' },
      { AuThOrIzAtIoN: 'abc' },
      { headers: { Authorization: 'Bearer abc' } },
    ])
      expect(tokenOf(params), JSON.stringify(params)).toBe('abc');
  });

  it('should prefer authToken to Authorization', () => {
    expect(tokenOf({ authToken: 'first', Authorization: 'Bearer second' })).toBe('first');
  });

  it('should find no token in an empty payload or other keys', () => {
    for (const params of [undefined, {}, { token: 'abc' }, { authToken: null }, { headers: 'Authorization: abc' }])
      expect(tokenOf(params)).toBeUndefined();
  });

  it('should refuse a malformed token with 4401 and a reason that names the key, never the value', () => {
    expect(tokenOf({ authToken: 42 })).toEqual({ code: 4401, reason: 'authToken must be a string' });
    expect(tokenOf({ Authorization: 'Bearer ' })).toEqual({ code: 4401, reason: 'Authorization is empty' });
    expect(tokenOf({ authorization: 'Bearer secret more' })).toEqual({
      code: 4401,
      reason: 'authorization must be one token, optionally after "Bearer "',
    });
  });
});
