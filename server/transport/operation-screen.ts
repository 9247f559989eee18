import { DomainError } from '../domain/errors.js';
import { ErrorCode } from '../domain/errors.js';
import { TokenBucket } from '../domain/rate-limiter.js';
import { CloseCode } from './close-codes.js';

export interface OperationScreenOptions {
  /** WS_OPERATION_RATE_PER_SECOND (0: no limit). */
  ratePerSecond: number;
  /** WS_OPERATION_BURST; also how many refusals in a row close the socket. */
  burst: number;
  /** MAX_OPERATION_ID_LENGTH. */
  maxIdLength: number;
}

/** What to do with one incoming message. */
export type Verdict =
  /** Hand it to the protocol core: as `message` when the screen parsed it, so that it is parsed once. */
  | { action: 'pass'; message?: object }
  /** Answer the operation `id` with this error; the protocol core never sees it. */
  | { action: 'refuse'; id: string; error: DomainError }
  /** Ignore the message (a ping over the rate gets no pong). */
  | { action: 'drop' }
  | { action: 'close'; code: number; reason: string };

const TOO_FAST = 'This connection is starting operations too fast. Wait a moment and try again.';

/**
 * Looks at each message of one socket before graphql-ws does: ids past the
 * length limit close the socket (4400) without ever being echoed, and
 * messages past the rate are refused, `subscribe` with RATE_LIMITED for that
 * operation. A client that goes on sending `burst` messages in a row that are
 * all refused is flooding, not retrying: its socket is closed with 4429,
 * which graphql-ws clients do not retry. Operations and pings count;
 * `connection_init` and `complete` always pass.
 */
export class OperationScreen {
  // One bucket, not a limiter with a map: every open socket has one.
  private readonly bucket: TokenBucket;
  private refusedInARow = 0;

  constructor(
    private readonly options: OperationScreenOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = new TokenBucket(options.ratePerSecond, options.burst, now());
  }

  screen(text: string): Verdict {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return { action: 'pass' }; // graphql-ws closes with 4400 itself
    }
    if (typeof message !== 'object' || message === null) return { action: 'pass' };
    const pass = { action: 'pass', message } as const;
    const { id, type } = message as { id?: unknown; type?: unknown };
    if (typeof id === 'string' && id.length > this.options.maxIdLength)
      return { action: 'close', code: CloseCode.BadRequest, reason: 'Operation id too long' };
    // Once per socket, or freeing what the client no longer wants: never worth refusing.
    if (type === 'connection_init' || type === 'complete') return pass;
    const retryAfterMs = this.bucket.take(this.now());
    if (retryAfterMs === 0) {
      this.refusedInARow = 0;
      return pass;
    }
    if (++this.refusedInARow >= this.options.burst)
      return { action: 'close', code: CloseCode.TooManyConnections, reason: 'Too many operations' };
    if (type === 'subscribe' && typeof id === 'string')
      return { action: 'refuse', id, error: new DomainError(ErrorCode.RateLimited, TOO_FAST, { retryAfterMs }) };
    return { action: 'drop' };
  }
}
