import { resolve } from 'node:path';

/**
 * Every setting of the server, read once from the environment (and `.env`),
 * checked, and frozen. A bad value stops start-up with a message that says
 * which variable is wrong and what it accepts.
 */
export interface Config {
  /** PORT: the one port for the UI, the API and the playground. Default 4000; 0 picks a free port. */
  readonly port: number;
  /** HOST: the interface to listen on. Default 0.0.0.0 (every interface). */
  readonly host: string;
  /** DATABASE_URL: `postgres://…` for PostgreSQL, otherwise a SQLite file path. Default data/flask-chat.db. */
  readonly databaseUrl: string;
  /** REDIS_URL: when set, events and presence travel through Redis so several instances act as one. */
  readonly redisUrl: string | null;
  /** REDIS_PREFIX: put before every Redis key and channel, so deployments (or test runs) can share one Redis. Default `flask-chat:`. */
  readonly redisPrefix: string;
  /** MESSAGE_LIMIT: how many messages each channel and conversation keeps. Default 100. */
  readonly messageLimit: number;
  /** SESSION_TTL_DAYS: a session unused this long ends and frees its name. Default 30. */
  readonly sessionTtlDays: number;
  /** LOG_LEVEL: fatal, error, warn, info, debug, trace or silent. Default info. */
  readonly logLevel: LogLevel;
  /** ALLOWED_ORIGINS: comma-separated origins besides the server's own whose pages may use the session cookie over WebSocket. */
  readonly allowedOrigins: readonly string[];
  /** SEND_RATE_PER_SECOND: sustained sends a user may make per second (0 = no limit). Default 5. */
  readonly sendRatePerSecond: number;
  /** SEND_BURST: sends a user may make at once before the rate applies. Default 30. */
  readonly sendBurst: number;
  /** PASSWORD_FREE_ATTEMPTS_PER_NAME: wrong passwords for one name before each further one doubles a wait (1 s, 2 s, 4 s…). Default 5. */
  readonly passwordFreeAttemptsPerName: number;
  /** PASSWORD_FREE_ATTEMPTS_PER_ADDRESS: the same for one client address, over all names (many people may share one). Default 50. */
  readonly passwordFreeAttemptsPerAddress: number;
  /** PASSWORD_MAX_DELAY_SECONDS: the longest wait after wrong passwords, so nobody can lock a name for good. Default 900. */
  readonly passwordMaxDelaySeconds: number;
  /** WEB_BUILD_DIR: the built web app to serve. Default web/build; served when present. */
  readonly webBuildDir: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

class ConfigError extends Error {
  constructor(variable: string, value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is not valid: ${expected}. Fix it in the environment or in .env.`);
    this.name = 'ConfigError';
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max)
    throw new ConfigError(name, raw, `expected a whole number from ${min} to ${max}`);
  return value;
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(name, raw, `expected a number from ${min} to ${max}`);
  return value;
}

function origins(env: Env): string[] {
  const raw = env.ALLOWED_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    try {
      const url = new URL(origin);
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error();
      return url.origin;
    } catch {
      throw new ConfigError('ALLOWED_ORIGINS', raw, `"${origin}" is not an origin such as https://chat.example.com`);
    }
  });
}

function redisPrefix(env: Env): string {
  const raw = env.REDIS_PREFIX?.trim();
  if (raw === undefined || raw === '') return 'flask-chat:';
  if (!/^[\w:.-]{1,64}$/.test(raw))
    throw new ConfigError('REDIS_PREFIX', raw, 'expected up to 64 letters, digits, and _ : . -');
  return raw;
}

/** Reads the configuration from `env` (process.env by default). Throws a ConfigError on a bad value. */
export function loadConfig(env: Env = process.env, projectRoot = process.cwd()): Config {
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', logLevel, `expected one of ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = env.DATABASE_URL?.trim() || resolve(projectRoot, 'data', 'flask-chat.db');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new ConfigError('DATABASE_URL', databaseUrl, 'expected postgres://… or a path to a SQLite file');
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl !== null && !/^rediss?:\/\//i.test(redisUrl))
    throw new ConfigError('REDIS_URL', redisUrl, 'expected redis://host:port');
  return Object.freeze({
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    redisUrl,
    redisPrefix: redisPrefix(env),
    messageLimit: integer(env, 'MESSAGE_LIMIT', 100, 1, 100_000),
    sessionTtlDays: number(env, 'SESSION_TTL_DAYS', 30, 0.00001, 3650),
    logLevel,
    allowedOrigins: Object.freeze(origins(env)),
    sendRatePerSecond: number(env, 'SEND_RATE_PER_SECOND', 5, 0, 1_000_000),
    sendBurst: integer(env, 'SEND_BURST', 30, 1, 1_000_000),
    passwordFreeAttemptsPerName: integer(env, 'PASSWORD_FREE_ATTEMPTS_PER_NAME', 5, 1, 1_000_000),
    passwordFreeAttemptsPerAddress: integer(env, 'PASSWORD_FREE_ATTEMPTS_PER_ADDRESS', 50, 1, 1_000_000),
    passwordMaxDelaySeconds: integer(env, 'PASSWORD_MAX_DELAY_SECONDS', 900, 1, 86_400),
    webBuildDir: resolve(projectRoot, env.WEB_BUILD_DIR?.trim() || 'web/build'),
  });
}
