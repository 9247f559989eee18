import { byName } from './people.js';

export interface ChannelEntry {
  readonly id: string;
  readonly name: string;
}

/**
 * The channel list, by name, each channel once. Built with one sort from a
 * listing (a server may hold thousands of channels: sorting once per channel
 * blocked the page for seconds), then kept sorted one insertion at a time.
 */
export function buildChannelList(...sources: readonly (readonly ChannelEntry[])[]): ChannelEntry[] {
  const byId = new Map<string, ChannelEntry>();
  for (const source of sources) for (const { id, name } of source) if (!byId.has(id)) byId.set(id, { id, name });
  return [...byId.values()].sort(byName);
}

/** The list with one more channel at its place by name; the same list when the channel is in it already. */
export function insertChannel(list: readonly ChannelEntry[], channel: ChannelEntry): readonly ChannelEntry[] {
  if (list.some((c) => c.id === channel.id)) return list;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byName(list[middle]!, channel) <= 0) low = middle + 1;
    else high = middle;
  }
  return [...list.slice(0, low), { id: channel.id, name: channel.name }, ...list.slice(low)];
}
