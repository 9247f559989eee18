import type { Page } from 'playwright-core';

export interface HeldSubscription {
  /** The operation's name, e.g. `ChannelActivity`. */
  readonly name: string;
  readonly variables: Record<string, unknown>;
}

interface Frame {
  id?: string;
  type: string;
  payload?: { query?: string; variables?: Record<string, unknown> };
}

/**
 * The subscriptions a page holds, read from its graphql-transport-ws frames:
 * every `subscribe` it sent, less those that either side ended (`complete`,
 * or the server's `error`). Call before the page opens its WebSocket.
 */
export function trackSubscriptions(page: Page): () => HeldSubscription[] {
  const running = new Map<string, HeldSubscription>();
  const read = (payload: string | Buffer) => JSON.parse(String(payload)) as Frame;
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = read(payload);
      if (!frame.id) return;
      if (frame.type === 'subscribe') {
        const name = /subscription\s+(\w+)/.exec(frame.payload?.query ?? '')?.[1] ?? '(anonymous)';
        running.set(frame.id, { name, variables: frame.payload?.variables ?? {} });
      }
      if (frame.type === 'complete') running.delete(frame.id);
    });
    socket.on('framereceived', ({ payload }) => {
      const frame = read(payload);
      if (frame.id && (frame.type === 'error' || frame.type === 'complete')) running.delete(frame.id);
    });
    socket.on('close', () => running.clear());
  });
  return () => [...running.values()];
}

/** How many of each the page holds, by operation name. */
export function countByName(held: readonly HeldSubscription[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { name } of held) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
