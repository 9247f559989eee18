import { describe, expect, it } from 'vitest';
import { connectionKey, connectionParamsOf } from './connection-params.js';

describe('connectionParamsOf', () => {
  it("should send the Headers tab's headers as connection_init", () => {
    expect(connectionParamsOf({ Authorization: 'Bearer abc' })).toEqual({ Authorization: 'Bearer abc' });
  });

  it('should send nothing without headers, so that the session cookie counts', () => {
    for (const headers of [undefined, null, {}, [], 'Authorization: x']) expect(connectionParamsOf(headers)).toBeUndefined();
  });

  it('should drop values that are not strings', () => {
    expect(connectionParamsOf({ authorization: 'Bearer abc', retries: 3 })).toEqual({ authorization: 'Bearer abc' });
  });
});

describe('connectionKey', () => {
  it('should be the same for the same headers in any order, and differ for others', () => {
    expect(connectionKey({ a: '1', b: '2' })).toBe(connectionKey({ b: '2', a: '1' }));
    expect(connectionKey({ a: '1' })).not.toBe(connectionKey({ a: '2' }));
    expect(connectionKey(undefined)).toBe(connectionKey({}));
  });
});
