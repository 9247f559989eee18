import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** Structured JSON logs on stdout, one line an event. */
export const createLogger = (level: LogLevel): Logger => pino({ level, base: { service: 'flask-chat' } });
