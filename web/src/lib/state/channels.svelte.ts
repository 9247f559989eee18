import type { Client } from '@urql/svelte';
import { buildChannelList, insertChannel, type ChannelEntry } from '../chat/channel-list.js';
import * as api from '../graphql/chat-api.js';

/** Every channel, by name, kept as the listing and `channelAdded` tell. */
export class Channels {
  // Replaced whole, never changed in place: no proxy over thousands of entries.
  #list = $state.raw<readonly ChannelEntry[]>([]);
  #names = $derived(new Map(this.#list.map((channel) => [channel.id, channel.name])));

  constructor(private readonly client: Client) {}

  get list(): readonly ChannelEntry[] {
    return this.#list;
  }

  name(id: string): string | null {
    return this.#names.get(id) ?? null;
  }

  /** Reads the listing again; resolves with it (read states included), or null when it could not be read. */
  async load(): Promise<api.ListedChannel[] | null> {
    const listed = await api.fetchChannels(this.client);
    // Channels added live while the listing loaded are kept.
    if (listed) this.#list = buildChannelList(this.#list, listed);
    return listed;
  }

  add(channel: ChannelEntry): void {
    this.#list = insertChannel(this.#list, channel);
  }

  /** Creates a channel; resolves with its id, or with the reason it could not be created. */
  async create(rawName: string): Promise<{ id: string } | { error: string }> {
    const name = rawName.trim();
    if (!name) return { error: 'Enter a channel name.' };
    const outcome = await api.createChannel(this.client, name);
    if ('error' in outcome) return { error: outcome.error ?? 'The channel could not be created. Try again.' };
    this.add(outcome.channel);
    return { id: outcome.channel.id };
  }
}
