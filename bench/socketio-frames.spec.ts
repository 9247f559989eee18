import { describe, expect, it } from 'vitest';
import { connectFrame, eventFrame, parseSocketIoFrame } from './socketio-frames.js';

const frame = (text: string) => parseSocketIoFrame(Buffer.from(text));

describe('Socket.IO frames', () => {
  it('should tell the handshake, ping and connect frames apart', () => {
    expect(frame('0{"sid":"abc","pingInterval":25000}')).toEqual({ type: 'open' });
    expect(frame('2')).toEqual({ type: 'ping' });
    expect(frame('40{"sid":"x"}')).toEqual({ type: 'connected' });
    expect(frame('44{"message":"no"}')).toEqual({ type: 'connect-error', data: '{"message":"no"}' });
    expect(frame('1')).toEqual({ type: 'close' });
    expect(frame('6')).toEqual({ type: 'other' });
  });

  it('should read the ack id of events and acknowledgements', () => {
    expect(frame('42["messageAdded",{"body":"7"}]')).toEqual({ type: 'event', ackId: null });
    expect(frame('4212["send",{}]')).toEqual({ type: 'event', ackId: 12 });
    expect(frame('43105[{"id":"9"}]')).toEqual({ type: 'ack', ackId: 105, data: '[{"id":"9"}]' });
    expect(frame('43[{"id":"9"}]')).toEqual({ type: 'other' });
  });

  it('should write connect and event frames', () => {
    expect(connectFrame()).toBe('40');
    expect(connectFrame({ token: 't1' })).toBe('40{"token":"t1"}');
    expect(eventFrame('subscribe', { channelId: '1' })).toBe('42["subscribe",{"channelId":"1"}]');
    expect(eventFrame('send', { body: '3' }, 3)).toBe('423["send",{"body":"3"}]');
  });
});
