import { expect } from 'vitest';

/** What every answer of the server carries, page or not. */
export function expectCommonSecurityHeaders(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toMatch(/^(same-origin|no-referrer|strict-origin)$/);
  expect(headers.get('permissions-policy')).toMatch(/camera=\(\)/);
  expect(headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
}
