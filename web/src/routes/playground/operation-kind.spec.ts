import { describe, expect, it } from 'vitest';
import { chooseOperation } from './operation-kind.js';

describe('chooseOperation', () => {
  it('should send subscriptions over the WebSocket, named or not', () => {
    expect(chooseOperation('subscription { presenceChanged { name } }').isSubscription).toBe(true);
    expect(chooseOperation('subscription Live { presenceChanged { name } }', 'Live')).toEqual({
      isSubscription: true,
      operationName: 'Live',
    });
    expect(chooseOperation('{ me { name } }').isSubscription).toBe(false);
  });

  it('should follow the chosen operation when there are several', () => {
    const document = 'query A { me { name } } subscription B { channelAdded { id } }';
    expect(chooseOperation(document, 'A')).toEqual({ isSubscription: false, operationName: 'A' });
    expect(chooseOperation(document, 'B')).toEqual({ isSubscription: true, operationName: 'B' });
  });

  it('should drop an operation name left over from text that was replaced', () => {
    expect(chooseOperation('{ me { name } }', 'Channels')).toEqual({ isSubscription: false, operationName: undefined });
    expect(chooseOperation('subscription Live { channelAdded { id } }', 'Channels')).toEqual({
      isSubscription: true,
      operationName: 'Live',
    });
  });

  it('should leave a query that does not parse to HTTP, where the server explains the error', () => {
    expect(chooseOperation('subscription {', 'X')).toEqual({ isSubscription: false, operationName: 'X' });
  });
});
