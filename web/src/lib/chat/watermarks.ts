import { maxId } from './ids.js';

/**
 * Where each live stream resumes: the newest message id this client has
 * processed, per stream (a channel, or all direct messages). After a dropped
 * connection, each subscription starts again with `after` set to its
 * watermark, and the server replays exactly what was posted meanwhile.
 */
export class Watermarks<Key extends string = string> {
  readonly #ids = new Map<Key, string>();

  /** The id to resume after; null when the stream's start is unknown (live only). */
  after(key: Key): string | null {
    return this.#ids.get(key) ?? null;
  }

  has(key: Key): boolean {
    return this.#ids.has(key);
  }

  /**
   * Sets the starting point of a stream seen for the first time (its newest
   * message when listed, or "0" for an empty or new one). A stream already
   * followed keeps its own: a fresh listing may be ahead of what was received.
   */
  start(key: Key, id: string): void {
    if (!this.#ids.has(key)) this.#ids.set(key, id);
  }

  /** Records a processed message; ids only move forward. */
  advance(key: Key, id: string | null): void {
    const next = maxId(this.#ids.get(key) ?? null, id);
    if (next !== null) this.#ids.set(key, next);
  }
}
