import { resolve } from 'node:path';
import proxyaddr from 'proxy-addr';
import { TYPING_LAPSE_MS } from './api/codes.js';
import { MAX_REACTIONS_PER_MESSAGE } from './domain/reaction-rules.js';

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
  /**
   * PG_POOL_SIZE: the most PostgreSQL connections this instance opens at once
   * (the sends to one channel take one at a time; beyond it, work waits for
   * a free one). Default 20. Instances × this must stay below the server's
   * max_connections. Unused with SQLite.
   */
  readonly pgPoolSize: number;
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
  /**
   * CORS_ORIGINS: comma-separated origins whose pages may call /graphql over
   * HTTP with a Bearer token (Apollo Sandbox, a single-page app elsewhere).
   * Never with the session cookie: their requests are authenticated by the
   * token only, and Access-Control-Allow-Credentials is never sent. Unset: none.
   */
  readonly corsOrigins: readonly string[];
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
  /**
   * TRUST_PROXY: which proxies may say who the client is in X-Forwarded-For.
   * Unset or `off`: none, the socket's address is the client. A hop count
   * (`1`: the nearest proxy), or a comma-separated list of addresses, subnets
   * and the names `loopback`, `linklocal`, `uniquelocal`. Trusting a proxy
   * that is not there lets any client choose its address, and so its limits.
   */
  readonly trustProxy: TrustProxy;
  /** LOGIN_BURST: sign-ins from one address at once before LOGIN_RATE_PER_MINUTE applies. Default 200. */
  readonly loginBurst: number;
  /** LOGIN_RATE_PER_MINUTE: sustained sign-ins per minute from one address (0 = no limit). Default 60. */
  readonly loginRatePerMinute: number;
  /** USER_CHANNEL_BURST: channels one user may create at once. Default 10. */
  readonly userChannelBurst: number;
  /** USER_CHANNEL_RATE_PER_HOUR: sustained channel creations per hour per user (0 = no limit). Default 20. */
  readonly userChannelRatePerHour: number;
  /** ADDRESS_CHANNEL_BURST: channels all users of one address may create at once. Default 50. */
  readonly addressChannelBurst: number;
  /** ADDRESS_CHANNEL_RATE_PER_HOUR: sustained channel creations per hour per address (0 = no limit). Default 100. */
  readonly addressChannelRatePerHour: number;
  /** ADDRESS_SEND_BURST: messages all users of one address may send at once. Default 300. */
  readonly addressSendBurst: number;
  /** ADDRESS_SEND_RATE_PER_SECOND: sustained messages per second from one address, channels and direct alike (0 = no limit). Default 50. */
  readonly addressSendRatePerSecond: number;
  /** NEW_CONVERSATIONS_PER_HOUR: direct messages per hour a user may send to someone they never exchanged a message with (0 = no limit). Default 30. */
  readonly newConversationsPerHour: number;
  /** TYPING_RATE_PER_SECOND: sustained `typing` calls per second per user (0 = no limit). Default 3. */
  readonly typingRatePerSecond: number;
  /** TYPING_BURST: `typing` calls a user may make at once before the rate applies. Default 5. */
  readonly typingBurst: number;
  /**
   * TYPING_LAPSE_MS: how long one `typing` call holds before the stop is
   * announced. Default 5000, what clients are told (TYPING_LAPSE_MS in
   * server/api/codes.ts); shorter only for tests, or clients that repeat the
   * call every few seconds would flicker.
   */
  readonly typingLapseMs: number;
  /** MAX_REACTIONS_PER_MESSAGE: different emoji one message may carry. Default 20. */
  readonly maxReactionsPerMessage: number;
  /** MAX_SOCKETS_PER_USER: WebSockets one user may hold open on an instance (0 = no limit). Default 20. */
  readonly maxSocketsPerUser: number;
  /** MAX_SOCKETS_PER_ADDRESS: WebSockets one address may hold open on an instance (0 = no limit). Default 1000. */
  readonly maxSocketsPerAddress: number;
  /** MAX_SUBSCRIPTIONS_PER_USER: live subscriptions of one user over all their sockets on an instance (0 = no limit). Default 200. */
  readonly maxSubscriptionsPerUser: number;
  /** WS_OPERATION_BURST: operations one WebSocket may start at once before WS_OPERATION_RATE_PER_SECOND applies. Default 100. */
  readonly wsOperationBurst: number;
  /** WS_OPERATION_RATE_PER_SECOND: sustained operations per second per WebSocket (0 = no limit). Default 50. */
  readonly wsOperationRatePerSecond: number;
  /** QUERY_COST_LIMIT: the highest estimated cost of one operation (0 = no limit). Default 10000; the web app's costliest, a channel's last 100 messages with reactions and mentions, is about 2000. */
  readonly queryCostLimit: number;
  /** MAX_RESPONSE_BYTES: the largest answer to one operation, or one subscription event. Default 4 MiB. */
  readonly maxResponseBytes: number;
  /** WS_MAX_BUFFERED_BYTES: unsent bytes a WebSocket may hold before it is cut off as a reader that stopped reading. Default 8 MiB. */
  readonly wsMaxBufferedBytes: number;
  /**
   * MAX_CONNECTIONS: open connections (HTTP and WebSocket) the instance holds
   * at once; beyond it a new one is closed as soon as it opens (0 = no limit).
   * Default 10,000; the process needs a file-descriptor limit above it (`ulimit -n`).
   */
  readonly maxConnections: number;
  /**
   * MAX_CONNECTIONS_PER_ADDRESS: open connections from one peer address; the
   * same refusal (0 = no limit). Default 1,200: room for MAX_SOCKETS_PER_ADDRESS
   * WebSockets and their pages. Peers that TRUST_PROXY trusts are exempt, as
   * every client behind them shares their address.
   */
  readonly maxConnectionsPerAddress: number;
}

/** false: trust no proxy; a number: that many hops; a list: those addresses and subnets. */
export type TrustProxy = false | number | readonly string[];

const MIB = 1024 * 1024;

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
  if (!/^-?\d+$/.test(raw) || value < min || value > max) throw new ConfigError(name, raw, `expected a whole number from ${min} to ${max}`);
  return value;
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(name, raw, `expected a number from ${min} to ${max}`);
  return value;
}

function origins(env: Env, name: 'ALLOWED_ORIGINS' | 'CORS_ORIGINS'): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    try {
      const url = new URL(origin);
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error();
      return url.origin;
    } catch {
      throw new ConfigError(name, raw, `"${origin}" is not an origin such as https://chat.example.com`);
    }
  });
}

function redisPrefix(env: Env): string {
  const raw = env.REDIS_PREFIX?.trim();
  if (raw === undefined || raw === '') return 'flask-chat:';
  if (!/^[\w:.-]{1,64}$/.test(raw)) throw new ConfigError('REDIS_PREFIX', raw, 'expected up to 64 letters, digits, and _ : . -');
  return raw;
}

function trustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'off' || raw.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) throw new ConfigError('TRUST_PROXY', raw, 'expected a hop count from 1 to 10');
    return hops;
  }
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(entries);
  } catch (error) {
    throw new ConfigError(
      'TRUST_PROXY',
      raw,
      `expected off, a hop count, or addresses, subnets, loopback, linklocal or uniquelocal (${(error as Error).message})`,
    );
  }
  return Object.freeze(entries);
}

/** Reads the configuration from `env` (process.env by default). Throws a ConfigError on a bad value. */
export function loadConfig(env: Env = process.env, projectRoot = process.cwd()): Config {
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', logLevel, `expected one of ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = env.DATABASE_URL?.trim() || resolve(projectRoot, 'data', 'flask-chat.db');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new ConfigError('DATABASE_URL', databaseUrl, 'expected postgres://… or a path to a SQLite file');
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl !== null && !/^rediss?:\/\//i.test(redisUrl)) throw new ConfigError('REDIS_URL', redisUrl, 'expected redis://host:port');
  return Object.freeze({
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    pgPoolSize: integer(env, 'PG_POOL_SIZE', 20, 1, 10_000),
    redisUrl,
    redisPrefix: redisPrefix(env),
    messageLimit: integer(env, 'MESSAGE_LIMIT', 100, 1, 100_000),
    sessionTtlDays: number(env, 'SESSION_TTL_DAYS', 30, 0.00001, 3650),
    logLevel,
    allowedOrigins: Object.freeze(origins(env, 'ALLOWED_ORIGINS')),
    corsOrigins: Object.freeze(origins(env, 'CORS_ORIGINS')),
    sendRatePerSecond: number(env, 'SEND_RATE_PER_SECOND', 5, 0, 1_000_000),
    sendBurst: integer(env, 'SEND_BURST', 30, 1, 1_000_000),
    passwordFreeAttemptsPerName: integer(env, 'PASSWORD_FREE_ATTEMPTS_PER_NAME', 5, 1, 1_000_000),
    passwordFreeAttemptsPerAddress: integer(env, 'PASSWORD_FREE_ATTEMPTS_PER_ADDRESS', 50, 1, 1_000_000),
    passwordMaxDelaySeconds: integer(env, 'PASSWORD_MAX_DELAY_SECONDS', 900, 1, 86_400),
    webBuildDir: resolve(projectRoot, env.WEB_BUILD_DIR?.trim() || 'web/build'),
    trustProxy: trustProxy(env),
    loginBurst: integer(env, 'LOGIN_BURST', 200, 1, 1_000_000),
    loginRatePerMinute: number(env, 'LOGIN_RATE_PER_MINUTE', 60, 0, 1_000_000),
    userChannelBurst: integer(env, 'USER_CHANNEL_BURST', 10, 1, 1_000_000),
    userChannelRatePerHour: number(env, 'USER_CHANNEL_RATE_PER_HOUR', 20, 0, 1_000_000),
    addressChannelBurst: integer(env, 'ADDRESS_CHANNEL_BURST', 50, 1, 1_000_000),
    addressChannelRatePerHour: number(env, 'ADDRESS_CHANNEL_RATE_PER_HOUR', 100, 0, 1_000_000),
    addressSendBurst: integer(env, 'ADDRESS_SEND_BURST', 300, 1, 1_000_000),
    addressSendRatePerSecond: number(env, 'ADDRESS_SEND_RATE_PER_SECOND', 50, 0, 1_000_000),
    newConversationsPerHour: integer(env, 'NEW_CONVERSATIONS_PER_HOUR', 30, 0, 1_000_000),
    typingRatePerSecond: number(env, 'TYPING_RATE_PER_SECOND', 3, 0, 1_000_000),
    typingBurst: integer(env, 'TYPING_BURST', 5, 1, 1_000_000),
    typingLapseMs: integer(env, 'TYPING_LAPSE_MS', TYPING_LAPSE_MS, 50, 600_000),
    maxReactionsPerMessage: integer(env, 'MAX_REACTIONS_PER_MESSAGE', MAX_REACTIONS_PER_MESSAGE, 1, 1000),
    maxSocketsPerUser: integer(env, 'MAX_SOCKETS_PER_USER', 20, 0, 1_000_000),
    maxSocketsPerAddress: integer(env, 'MAX_SOCKETS_PER_ADDRESS', 1000, 0, 1_000_000),
    maxSubscriptionsPerUser: integer(env, 'MAX_SUBSCRIPTIONS_PER_USER', 200, 0, 1_000_000),
    wsOperationBurst: integer(env, 'WS_OPERATION_BURST', 100, 1, 1_000_000),
    wsOperationRatePerSecond: number(env, 'WS_OPERATION_RATE_PER_SECOND', 50, 0, 1_000_000),
    queryCostLimit: integer(env, 'QUERY_COST_LIMIT', 10_000, 0, 1_000_000_000),
    maxResponseBytes: integer(env, 'MAX_RESPONSE_BYTES', 4 * MIB, 1024, 1024 * MIB),
    wsMaxBufferedBytes: integer(env, 'WS_MAX_BUFFERED_BYTES', 8 * MIB, 64 * 1024, 1024 * MIB),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 10_000, 0, 10_000_000),
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', 1200, 0, 10_000_000),
  });
}
