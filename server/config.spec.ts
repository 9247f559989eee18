import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('should give every setting its default', () => {
    const config = loadConfig({}, '/srv/chat');
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      databaseUrl: resolve('/srv/chat', 'data', 'flask-chat.db'),
      redisUrl: null,
      pgPoolSize: 20,
      messageLimit: 100,
      sessionTtlDays: 30,
      logLevel: 'info',
      allowedOrigins: [],
      corsOrigins: [],
      sendRatePerSecond: 5,
      sendBurst: 30,
      webBuildDir: resolve('/srv/chat', 'web/build'),
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('should give every limit a protective default', () => {
    expect(loadConfig({}, '/srv/chat')).toMatchObject({
      trustProxy: false,
      loginBurst: 200,
      loginRatePerMinute: 60,
      userChannelBurst: 10,
      userChannelRatePerHour: 20,
      addressChannelBurst: 50,
      addressChannelRatePerHour: 100,
      addressSendBurst: 300,
      addressSendRatePerSecond: 50,
      newConversationsPerHour: 30,
      typingRatePerSecond: 3,
      typingBurst: 5,
      typingLapseMs: 5000,
      maxReactionsPerMessage: 20,
      maxSocketsPerUser: 20,
      maxSocketsPerAddress: 1000,
      maxSubscriptionsPerUser: 200,
      wsOperationBurst: 100,
      wsOperationRatePerSecond: 50,
      queryCostLimit: 10_000,
      maxResponseBytes: 4 * 1024 * 1024,
      wsMaxBufferedBytes: 8 * 1024 * 1024,
      maxConnections: 10_000,
      maxConnectionsPerAddress: 1200,
    });
  });

  it.each([
    ['off', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
  ])('should read TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('should read every variable', () => {
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: '/tmp/chat.db',
        REDIS_URL: 'redis://127.0.0.1:6379',
        MESSAGE_LIMIT: '5',
        SESSION_TTL_DAYS: '0.00002',
        LOG_LEVEL: 'silent',
        ALLOWED_ORIGINS: 'https://a.example, http://localhost:5173/',
        CORS_ORIGINS: 'https://studio.example,http://localhost:3000',
        SEND_RATE_PER_SECOND: '0',
        SEND_BURST: '3',
        TYPING_RATE_PER_SECOND: '10',
        TYPING_BURST: '2',
        TYPING_LAPSE_MS: '200',
        MAX_REACTIONS_PER_MESSAGE: '3',
      },
      '/srv/chat',
    );
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: '/tmp/chat.db',
      redisUrl: 'redis://127.0.0.1:6379',
      messageLimit: 5,
      sessionTtlDays: 0.00002,
      logLevel: 'silent',
      allowedOrigins: ['https://a.example', 'http://localhost:5173'],
      corsOrigins: ['https://studio.example', 'http://localhost:3000'],
      sendRatePerSecond: 0,
      sendBurst: 3,
      typingRatePerSecond: 10,
      typingBurst: 2,
      typingLapseMs: 200,
      maxReactionsPerMessage: 3,
    });
  });

  it('should accept a PostgreSQL URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl).toMatch(/^postgres:/);
  });

  it('should treat blank values as unset', () => {
    expect(loadConfig({ PORT: ' ', MESSAGE_LIMIT: '' }, '/srv').port).toBe(4000);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc" is not valid: expected a whole number from 0 to 65535/],
    ['PORT', '70000', /PORT="70000"/],
    ['PORT', '80.5', /PORT="80.5"/],
    ['MESSAGE_LIMIT', '0', /MESSAGE_LIMIT="0" is not valid/],
    ['MESSAGE_LIMIT', 'lots', /MESSAGE_LIMIT="lots"/],
    ['SESSION_TTL_DAYS', '-1', /SESSION_TTL_DAYS="-1" is not valid: expected a number/],
    ['SESSION_TTL_DAYS', 'forever', /SESSION_TTL_DAYS="forever"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud" is not valid: expected one of fatal, error/],
    ['DATABASE_URL', 'mysql://db/chat', /DATABASE_URL="mysql:\/\/db\/chat" is not valid/],
    ['PG_POOL_SIZE', '0', /PG_POOL_SIZE="0" is not valid: expected a whole number from 1 to 10000/],
    ['PG_POOL_SIZE', 'big', /PG_POOL_SIZE="big"/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL="localhost:6379" is not valid/],
    ['TYPING_LAPSE_MS', '10', /TYPING_LAPSE_MS="10" is not valid: expected a whole number from 50/],
    ['ALLOWED_ORIGINS', 'https://a.example/path', /ALLOWED_ORIGINS=.* "https:\/\/a.example\/path" is not an origin/],
    ['ALLOWED_ORIGINS', 'not a url', /ALLOWED_ORIGINS/],
    ['CORS_ORIGINS', 'https://studio.example/app', /CORS_ORIGINS=.* "https:\/\/studio.example\/app" is not an origin/],
    ['CORS_ORIGINS', '*', /CORS_ORIGINS="\*" is not valid/],
    ['SEND_RATE_PER_SECOND', '-2', /SEND_RATE_PER_SECOND="-2"/],
    ['SEND_BURST', '0', /SEND_BURST="0"/],
    ['TRUST_PROXY', 'nginx', /TRUST_PROXY="nginx" is not valid: expected off, a hop count/],
    ['TRUST_PROXY', '0', /TRUST_PROXY="0"/],
    ['LOGIN_RATE_PER_MINUTE', '-1', /LOGIN_RATE_PER_MINUTE="-1"/],
    ['MAX_SOCKETS_PER_USER', 'many', /MAX_SOCKETS_PER_USER="many"/],
    ['MAX_RESPONSE_BYTES', '10', /MAX_RESPONSE_BYTES="10"/],
    ['QUERY_COST_LIMIT', '1.5', /QUERY_COST_LIMIT="1.5"/],
    ['MAX_CONNECTIONS', '-1', /MAX_CONNECTIONS="-1"/],
    ['MAX_CONNECTIONS_PER_ADDRESS', 'lots', /MAX_CONNECTIONS_PER_ADDRESS="lots"/],
  ])('should refuse %s=%s with a message that names it', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
    expect(() => loadConfig({ [variable]: value })).toThrow(/Fix it in the environment or in \.env\./);
  });
});
