import { ErrorCode } from '../api/codes.js';

// Defined with the close codes in server/api/codes.ts, which the web app imports too.
export { ErrorCode };

/**
 * Errors the domain raises for a client to act on. Each carries a stable code
 * that reaches the client as `extensions.code`; the message is a sentence a
 * person understands. Anything that is not a DomainError is a fault of ours and
 * is hidden from clients by the schema's error mapping.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, client-safe facts (the field at fault, when to retry…). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (message: string, field?: string) => new DomainError(ErrorCode.BadUserInput, message, field ? { field } : {});

export const unauthenticated = () => new DomainError(ErrorCode.Unauthenticated, 'Sign in first: this needs a valid session.');

export const unavailable = (retryAfterMs: number) =>
  new DomainError(ErrorCode.Unavailable, 'The server cannot store messages right now. Try again in a moment.', {
    retryAfterMs,
  });
