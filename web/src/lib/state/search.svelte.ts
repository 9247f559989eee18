import type { Client } from '@urql/svelte';
import { searchEverywhere, type SearchHit } from '../graphql/search-api.js';

/** The longest search the server takes. */
export const SEARCH_MAX_LENGTH = 200;

export type SearchStatus = 'idle' | 'searching' | 'done' | 'failed';

/**
 * Searching messages: every channel and the signed-in user's own direct
 * conversations, newest first. A search started while another runs wins:
 * the older answer is dropped when it comes.
 */
export class MessageSearch {
  #text = $state('');
  #hits = $state.raw<readonly SearchHit[]>([]);
  #status = $state<SearchStatus>('idle');
  #error = $state<string | null>(null);
  #generation = 0;

  constructor(
    private readonly client: Client,
    private readonly meId: string,
  ) {}

  /** What was searched for last. */
  get text(): string {
    return this.#text;
  }

  get hits(): readonly SearchHit[] {
    return this.#hits;
  }

  get status(): SearchStatus {
    return this.#status;
  }

  /** Why the last search failed, in words. */
  get error(): string | null {
    return this.#error;
  }

  async run(rawText: string): Promise<void> {
    const text = rawText.trim();
    const generation = ++this.#generation;
    this.#text = text;
    this.#error = null;
    if (!text) return this.#fail('Type a word or two to search for.');
    if (text.length > SEARCH_MAX_LENGTH) return this.#fail(`Search for at most ${SEARCH_MAX_LENGTH} characters.`);
    this.#status = 'searching';
    const outcome = await searchEverywhere(this.client, text, this.meId);
    if (generation !== this.#generation) return;
    if ('error' in outcome) return this.#fail(outcome.error ?? 'The search did not work. Try again.');
    this.#hits = outcome.hits;
    this.#status = 'done';
  }

  #fail(error: string): void {
    this.#hits = [];
    this.#error = error;
    this.#status = 'failed';
  }
}
