import { createHash, randomBytes } from 'node:crypto';

/** A new session token: 256 random bits, URL-safe. Only its hash is ever stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * The form in which a token is stored and looked up. A plain SHA-256 is
 * enough: the token has 256 bits of entropy, so there is nothing to brute-force.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Tokens arrive from headers and cookies: refuse anything that cannot be one before hashing it. */
export const looksLikeToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);
