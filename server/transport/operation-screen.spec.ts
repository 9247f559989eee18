import { describe, expect, it } from 'vitest';
import { OperationScreen } from './operation-screen.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}
const subscribe = (id: string) => JSON.stringify({ id, type: 'subscribe', payload: { query: '{ __typename }' } });

describe('OperationScreen', () => {
  it('should close the socket with 4400 for an id over the limit, whatever the message', () => {
    const screen = new OperationScreen({ ratePerSecond: 10, burst: 10, maxIdLength: 128 });
    expect(screen.screen(subscribe('x'.repeat(128)))).toMatchObject({ action: 'pass' });
    expect(screen.screen(subscribe('x'.repeat(129)))).toEqual({ action: 'close', code: 4400, reason: 'Operation id too long' });
    expect(screen.screen(JSON.stringify({ id: 'y'.repeat(500), type: 'complete' }))).toMatchObject({ code: 4400 });
  });

  it('should refuse the operation over the rate with RATE_LIMITED and when to retry, then allow it again', () => {
    const time = clock();
    const screen = new OperationScreen({ ratePerSecond: 2, burst: 2, maxIdLength: 128 }, time.now);
    expect(screen.screen(subscribe('1'))).toMatchObject({ action: 'pass' });
    expect(screen.screen(subscribe('2'))).toMatchObject({ action: 'pass' });
    const refused = screen.screen(subscribe('3'));
    expect(refused).toMatchObject({ action: 'refuse', id: '3', error: { code: 'RATE_LIMITED', details: { retryAfterMs: 500 } } });
    time.advance(500);
    expect(screen.screen(subscribe('4'))).toMatchObject({ action: 'pass' });
  });

  it('should let connection_init and complete through even over the rate, and drop pings', () => {
    const screen = new OperationScreen({ ratePerSecond: 1, burst: 3, maxIdLength: 128 }, () => 0);
    for (const id of ['1', '2', '3']) screen.screen(subscribe(id));
    expect(screen.screen(JSON.stringify({ type: 'complete', id: '1' }))).toMatchObject({ action: 'pass' });
    expect(screen.screen(JSON.stringify({ type: 'connection_init' }))).toMatchObject({ action: 'pass' });
    expect(screen.screen(JSON.stringify({ type: 'ping' }))).toEqual({ action: 'drop' });
  });

  it('should close with 4429 a socket that sends a burst of messages in a row that are all refused', () => {
    const screen = new OperationScreen({ ratePerSecond: 1, burst: 3, maxIdLength: 128 }, () => 0);
    for (const id of ['1', '2', '3']) expect(screen.screen(subscribe(id)).action).toBe('pass');
    expect(screen.screen(subscribe('4')).action).toBe('refuse');
    expect(screen.screen(subscribe('5')).action).toBe('refuse');
    expect(screen.screen(subscribe('6'))).toEqual({ action: 'close', code: 4429, reason: 'Too many operations' });
  });

  it('should never refuse when the rate is 0', () => {
    const screen = new OperationScreen({ ratePerSecond: 0, burst: 1, maxIdLength: 128 });
    for (let n = 0; n < 1000; n++) expect(screen.screen(subscribe(String(n))).action).toBe('pass');
  });

  it('should leave what is not JSON to the protocol core', () => {
    expect(new OperationScreen({ ratePerSecond: 1, burst: 1, maxIdLength: 128 }).screen('hello')).toMatchObject({ action: 'pass' });
  });

  it('should hand on the message it parsed, so that it is parsed once', () => {
    const screen = new OperationScreen({ ratePerSecond: 10, burst: 5, maxIdLength: 128 });
    const text = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ viewer { id } }' } });
    expect(screen.screen(text)).toEqual({ action: 'pass', message: JSON.parse(text) });
    expect(screen.screen('not json')).toEqual({ action: 'pass' });
  });
});
