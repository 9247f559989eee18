import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badInput } from './errors.js';
import { charLength } from './text-rules.js';

/**
 * Passwords: the rule for what a client may choose, and scrypt hashes that
 * carry their own parameters ("scrypt$N$r$p$salt$hash", base64), so that the
 * cost can rise later while older hashes still verify. Nothing here logs or
 * keeps a password.
 */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** OWASP's floor for scrypt (N=2^14, r=8, p=1): 16 MiB and some 50 ms per hash on one core. */
const COST = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Bounds for parameters read back from a stored hash, so that a damaged row cannot ask for gigabytes
// or minutes: scrypt needs 128·N·r bytes and time in proportion to N·r·p.
const MAX_MEMORY = 64 * 1024 * 1024;
const MAX_P = 4;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A password as the client sent it: 8 to 128 characters (code points), kept exactly as typed. */
export function normalizePassword(input: unknown): string {
  if (typeof input !== 'string' || charLength(input) < PASSWORD_MIN || charLength(input) > PASSWORD_MAX)
    throw badInput(`A password has ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`, 'password');
  return input;
}

/** A new scrypt hash of `password` with a random salt: two hashes of one password differ. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` is the one `stored` was made from; false, never an error, for a stored value we cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.cost);
    return timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}

interface ParsedHash {
  readonly cost: { N: number; r: number; p: number };
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parseHash(stored: unknown): ParsedHash | null {
  if (typeof stored !== 'string') return null;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^[1-9][0-9]{0,7}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  // N must be a power of two above 1.
  if (!(N > 1 && (N & (N - 1)) === 0 && 128 * N * r <= MAX_MEMORY && p <= MAX_P)) return null;
  const [salt, key] = [parts[4]!, parts[5]!];
  if (!BASE64.test(salt) || !BASE64.test(key)) return null;
  const parsed = { cost: { N, r, p }, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
  return parsed.salt.length >= SALT_BYTES && parsed.key.length >= 16 && parsed.key.length <= 64 ? parsed : null;
}

function scrypt(password: string, salt: Buffer, keyLength: number, cost: { N: number; r: number; p: number }) {
  // Node's default ceiling (32 MiB) would refuse some of the hashes that MAX_MEMORY allows.
  const options: ScryptOptions = { ...cost, maxmem: 2 * MAX_MEMORY };
  return new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
