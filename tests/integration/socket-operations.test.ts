import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useChatServer } from '../support/chat-fixture.js';
import { waitFor } from '../support/wait.js';

const chat = useChatServer({ env: { WS_OPERATION_RATE_PER_SECOND: '1', WS_OPERATION_BURST: '5' }, users: { ada: 'Ada' } });

/** A raw graphql-transport-ws socket that records every frame, for what graphql-ws clients never send. */
async function rawSocket(authToken: string) {
  const socket = new WebSocket(chat.server.wsUrl, 'graphql-transport-ws');
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(String(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken } }));
  await waitFor(() => frames.some((frame) => frame.includes('connection_ack')), 'connection_ack');
  const operation = (id: string, query = '{ __typename }') => socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
  return { socket, frames, closed, operation };
}

describe('operations per socket', () => {
  it('should answer the operation over the rate with RATE_LIMITED and when to retry, and keep the socket', async () => {
    const raw = await rawSocket(chat.users.ada.token);
    for (let n = 1; n <= 6; n++) raw.operation(String(n));
    await waitFor(() => raw.frames.some((frame) => frame.includes('"id":"6"')), 'the answer to operation 6');
    const refusal = JSON.parse(raw.frames.find((frame) => frame.includes('"id":"6"'))!);
    expect(refusal).toMatchObject({ id: '6', type: 'error', payload: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(refusal.payload[0].extensions.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.payload[0].extensions.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(raw.frames.filter((frame) => frame.includes('"type":"next"'))).toHaveLength(5);
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
    raw.socket.close();
  });

  it('should close with 4429 a socket that keeps flooding after being refused', async () => {
    const raw = await rawSocket(chat.users.ada.token);
    for (let n = 1; n <= 50; n++) raw.operation(String(n));
    expect(await raw.closed).toEqual({ code: 4429, reason: 'Too many operations' });
  });
});

describe('operation ids', () => {
  it('should close with 4400 a socket that sends an id over 128 characters, without echoing it', async () => {
    const raw = await rawSocket(chat.users.ada.token);
    raw.operation('i'.repeat(128));
    await waitFor(() => raw.frames.some((frame) => frame.includes('"type":"complete"')), 'the 128-character id to complete');
    const long = 'L'.repeat(60 * 1024 - 200);
    raw.operation(long);
    const closed = await raw.closed;
    expect(closed.code).toBe(4400);
    expect(closed.reason).not.toContain('LLLL');
    expect(raw.frames.some((frame) => frame.includes('LLLL'))).toBe(false);
  });
});
