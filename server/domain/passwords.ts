// PLACEHOLDER until the password module lands.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { badInput } from './errors.js';
const scrypt = promisify(scryptCallback) as (p: string, s: Buffer, k: number) => Promise<Buffer>;
export function normalizePassword(input: unknown): string {
  if (typeof input !== 'string' || [...input].length < 8 || [...input].length > 128)
    throw badInput('A password has 8 to 128 characters.', 'password');
  return input;
}
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scrypt(password, salt, 32)).toString('base64')}`;
}
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  const actual = await scrypt(password, Buffer.from(salt!, 'base64'), 32);
  return timingSafeEqual(actual, Buffer.from(hash!, 'base64'));
}
