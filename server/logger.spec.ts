import { describe, expect, it } from 'vitest';
import { routeConsoleToLog } from './console-to-log.js';
import { createLogger } from './logger.js';

const capture = () => {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return { log, entries: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
};

describe('createLogger', () => {
  it('should never write a token, a cookie or a password, wherever an entry carries one', () => {
    const { log, entries } = capture();
    log.info(
      {
        req: { headers: { authorization: 'Bearer tok-1', cookie: 'flask_chat_session=tok-2', 'set-cookie': 'flask_chat_session=tok-3' } },
        variables: { name: 'ada', password: 'pw-1', currentPassword: 'pw-2' },
        payload: { connectionParams: { authToken: 'tok-4' } },
        token: 'tok-5',
      },
      'an entry full of secrets',
    );
    const [entry] = entries();
    expect(JSON.stringify(entry)).not.toMatch(/tok-\d|pw-\d/);
    expect(entry!.variables).toEqual({ name: 'ada', password: '[redacted]', currentPassword: '[redacted]' });
    expect(entry!.req.headers.authorization).toBe('[redacted]');
  });
});

describe('routeConsoleToLog', () => {
  it('should turn console output into log entries at the matching level, errors with their stack', () => {
    const saved = { ...console };
    const { log, entries } = capture();
    try {
      routeConsoleToLog(log);
      console.log('plain %s', 'words');
      console.warn('careful');
      console.error('page failed', new Error('boom'));
    } finally {
      Object.assign(console, saved);
    }
    expect(entries().map(({ level, msg, source }) => ({ level, msg, source }))).toEqual([
      { level: 30, msg: 'plain words', source: 'console' },
      { level: 40, msg: 'careful', source: 'console' },
      { level: 50, msg: 'page failed', source: 'console' },
    ]);
    expect(entries()[2]!.err).toMatchObject({ message: 'boom', stack: expect.stringMatching(/\n\s+at /) });
  });
});
