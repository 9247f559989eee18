import { createClient, type Client, type ClientOptions, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A graphql-ws client over a real WebSocket, for tests. Every result of every
 * subscription is queued, so none is missed between assertions. To show that
 * nothing (more) arrives, publish a sentinel the same stream must receive and
 * expect it `next`: that proves as much as a wait, at once, and cannot pass
 * by being too short.
 */
export interface TestSocket {
  readonly client: Client;
  /** Starts an operation; its results queue up in the returned stream. */
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): ResultStream<T>;
  /** Runs a query or mutation over the socket and returns its one result. */
  execute<T = any>(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<T>>;
  /**
   * Resolves once the server has answered an operation sent after every
   * earlier one: subscriptions started before it are live by then (their
   * set-up runs without I/O on an in-process server), so events published
   * afterwards reach them.
   */
  flush(): Promise<void>;
  /**
   * Every message the server sent on this socket, in order, as its type and
   * operation id: also those for an operation the client has let go of, which
   * graphql-ws's client drops without telling its sink.
   */
  readonly received: readonly { readonly type: string; readonly id?: string }[];
  /** Resolves with the close event's code once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged the connection; rejects if it closed first. */
  ready: Promise<void>;
  dispose(): Promise<void>;
}

export interface ResultStream<T> {
  /** The next result, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Resolves once the server completes or errors the operation. */
  ended: Promise<void>;
  /** Results queued but not yet taken. */
  readonly pending: number;
  unsubscribe(): void;
}

export interface TestSocketOptions {
  authToken?: string;
  /** Headers for the upgrade request (Cookie, Origin). */
  headers?: Record<string, string>;
  clientOptions?: Partial<ClientOptions>;
}

export function openSocket(wsUrl: string, options: TestSocketOptions = {}): TestSocket {
  let resolveClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});
  const headers = options.headers;
  const received: { type: string; id?: string }[] = [];
  class HeaderWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
      this.on('message', (data) => {
        const { type, id } = JSON.parse(String(data)) as { type: string; id?: string };
        received.push(id === undefined ? { type } : { type, id });
      });
    }
  }
  const client = createClient({
    url: wsUrl,
    webSocketImpl: HeaderWebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: options.authToken ? { authToken: options.authToken } : undefined,
    on: {
      connected: () => resolveReady(),
      closed: (event: any) => {
        rejectReady(new Error(`closed with ${event.code} before acknowledgement`));
        resolveClosed({ code: event.code, reason: event.reason });
      },
    },
    onNonLazyError: () => {},
    ...options.clientOptions,
  });

  const subscribe = <T>(query: string, variables: Record<string, unknown> = {}): ResultStream<T> => {
    const queue: ExecutionResult<T>[] = [];
    const waiters: ((result: ExecutionResult<T>) => void)[] = [];
    let resolveEnded!: () => void;
    const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
    const push = (result: ExecutionResult<T>) => {
      const waiter = waiters.shift();
      if (waiter) waiter(result);
      else queue.push(result);
    };
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: push,
        error: (error: unknown) => {
          push({
            errors: Array.isArray(error)
              ? error
              : [{ message: String((error as any)?.reason ?? error), extensions: { closeCode: (error as any)?.code } }],
          } as any);
          resolveEnded();
        },
        complete: () => resolveEnded(),
      },
    );
    return {
      next(timeoutMs = 5000) {
        const queued = queue.shift();
        if (queued) return Promise.resolve(queued);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            reject(new Error(`no result within ${timeoutMs} ms for ${query.trim().slice(0, 60)}`));
          }, timeoutMs);
          const waiter = (result: ExecutionResult<T>) => {
            clearTimeout(timer);
            resolve(result);
          };
          waiters.push(waiter);
        });
      },
      ended,
      get pending() {
        return queue.length;
      },
      unsubscribe,
    };
  };

  return {
    client,
    subscribe,
    async execute<T>(query: string, variables: Record<string, unknown> = {}) {
      return subscribe<T>(query, variables).next();
    },
    async flush() {
      const result = await subscribe(`{ __typename }`).next();
      if (result.errors) throw new Error(`flush failed: ${JSON.stringify(result.errors)}`);
    },
    received,
    closed,
    ready,
    async dispose() {
      await client.dispose();
    },
  };
}
