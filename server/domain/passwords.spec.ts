import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { hashPassword, normalizePassword, verifyPassword } from './passwords.js';

describe('hashPassword and verifyPassword', () => {
  it('should verify the password a hash was made from', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('should refuse a wrong password, however close', async () => {
    const stored = await hashPassword('correct horse battery staple');
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', 'correct horse battery staple ', ''])
      expect(await verifyPassword(wrong, stored), wrong).toBe(false);
  });

  it('should salt each hash, so that two hashes of one password differ', async () => {
    const [first, second] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(first).not.toBe(second);
    expect(await verifyPassword('same password', first)).toBe(true);
    expect(await verifyPassword('same password', second)).toBe(true);
  });

  it('should tell apart passwords that differ only in their Unicode form', async () => {
    const stored = await hashPassword('Zo\u00EB-Zo\u00EB-Zo\u00EB');
    expect(await verifyPassword('Zo\u00EB-Zo\u00EB-Zo\u00EB', stored)).toBe(true);
    expect(await verifyPassword('Zoe\u0308-Zoe\u0308-Zoe\u0308', stored)).toBe(false);
  });

  it('should verify a hash made with other parameters, read from the stored value', async () => {
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync('password', salt, 32, { N: 1024, r: 4, p: 2 });
    const stored = `scrypt$1024$4$2$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('password', stored)).toBe(true);
    expect(await verifyPassword('passwork', stored)).toBe(false);
    expect(await verifyPassword('password', stored.replace('$1024$', '$2048$'))).toBe(false);
  });

  it('should answer false, never throw, for a stored value it cannot read', async () => {
    const good = await hashPassword('password');
    const [, , , , salt, key] = good.split('$');
    const malformed = [
      '',
      'password',
      'scrypt',
      `bcrypt$16384$8$1$${salt}$${key}`,
      `scrypt$16384$8$1$${salt}`,
      `scrypt$16384$8$1$${salt}$${key}$extra`,
      `scrypt$1000$8$1$${salt}$${key}`,
      `scrypt$0$8$1$${salt}$${key}`,
      `scrypt$16384$0$1$${salt}$${key}`,
      `scrypt$16384$8$-1$${salt}$${key}`,
      `scrypt$1048576$32$1$${salt}$${key}`,
      `scrypt$16384$8$1000$${salt}$${key}`,
      `scrypt$16384$8$1$not base64!$${key}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$8$1$AAAA$${key}`,
      `scrypt$16384$8$1$${salt}$AAAA`,
      `scrypt$16384$8$1.5$${salt}$${key}`,
    ];
    for (const stored of malformed) expect(await verifyPassword('password', stored), stored).toBe(false);
    expect(await verifyPassword('password', null as unknown as string)).toBe(false);
  });
});

describe('normalizePassword', () => {
  function expectRefused(input: unknown) {
    try {
      normalizePassword(input);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).message).toBe('A password has 8 to 128 characters.');
      expect((error as DomainError).details).toEqual({ field: 'password' });
      return;
    }
    throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  }

  it('should accept 8 to 128 characters, counted by code points', () => {
    for (const password of ['12345678', 'p'.repeat(128), '😀'.repeat(128), '密码密码密码密码'])
      expect(normalizePassword(password)).toBe(password);
  });

  it('should keep the password exactly as typed: spaces, case and Unicode form', () => {
    for (const password of ['  spaced out  ', 'Zoe\u0308Zoe\u0308', '\ttabbed\t', 'ＦＵＬＬＷＩＤＴＨ'])
      expect(normalizePassword(password)).toBe(password);
  });

  it('should refuse fewer than 8 or more than 128 characters, and what is not text', () => {
    for (const input of ['', '1234567', '😀'.repeat(7), 'p'.repeat(129), '😀'.repeat(129), undefined, null, 12345678, {}])
      expectRefused(input);
  });
});
