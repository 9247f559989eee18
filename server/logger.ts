import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** Credentials, wherever a log entry carries them: request headers, GraphQL variables, connection_init payloads. */
const SECRET_KEYS = ['authorization', 'cookie', 'set-cookie', 'password', 'currentPassword', 'newPassword', 'token', 'authToken'];

/** Up to three levels deep (`req.headers.cookie`, `variables.password`, `payload.connectionParams.authToken`). */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const step = /^\w+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return [step.replace(/^\./, ''), `*${step}`, `*.*${step}`, `*.*.*${step}`];
});

/**
 * Structured JSON logs on stdout, one line an event. No token, cookie or
 * password is ever written, under any of the names that carry one.
 */
export const createLogger = (level: LogLevel, destination?: DestinationStream): Logger =>
  pino({ level, base: { service: 'flask-chat' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
