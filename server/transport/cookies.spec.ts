import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerToken, sessionCookie, sessionTokenFromCookie } from './cookies.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('sessionCookie', () => {
  it('should store the token HttpOnly, SameSite=Lax, for the whole site', () => {
    expect(sessionCookie('abc', { maxAgeSeconds: 3600.7, secure: false })).toBe(
      'flask_chat_session=abc; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax',
    );
  });

  it('should add Secure over HTTPS', () => {
    expect(sessionCookie('abc', { maxAgeSeconds: 60, secure: true })).toMatch(/; Secure/);
  });

  it('should clear the cookie for null', () => {
    expect(sessionCookie(null, { maxAgeSeconds: 60, secure: false })).toMatch(/^flask_chat_session=; Max-Age=0;/);
  });

  it('should never send Max-Age=0 for a live session, however short', () => {
    expect(sessionCookie('abc', { maxAgeSeconds: 0.2, secure: false })).toMatch(/Max-Age=1;/);
  });
});

describe('reading credentials', () => {
  it('should read the session cookie among others', () => {
    expect(sessionTokenFromCookie(request({ cookie: 'theme=dark; flask_chat_session=tok; x=1' }))).toBe('tok');
    expect(sessionTokenFromCookie(request({ cookie: 'theme=dark' }))).toBeNull();
    expect(sessionTokenFromCookie(request({}))).toBeNull();
  });

  it('should read a Bearer token, case-insensitively, and nothing else', () => {
    expect(bearerToken(request({ authorization: 'Bearer tok' }))).toBe('tok');
    expect(bearerToken(request({ authorization: 'bearer   tok ' }))).toBe('tok');
    expect(bearerToken(request({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
    expect(bearerToken(request({ authorization: 'Bearer a b' }))).toBeNull();
    expect(bearerToken(request({}))).toBeNull();
  });
});
