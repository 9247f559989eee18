import { describe, expect, it } from 'vitest';
import { buildChannelList, insertChannel } from './channel-list.js';

const names = (list: readonly { name: string }[]) => list.map((c) => c.name);

describe('buildChannelList', () => {
  it('should list every channel once, by name, ignoring case, whichever source had it first', () => {
    const live = [{ id: '3', name: 'zebra' }];
    const listed = [
      { id: '2', name: 'Beta' },
      { id: '3', name: 'zebra' },
      { id: '1', name: 'alpha' },
    ];
    expect(buildChannelList(live, listed)).toEqual([
      { id: '1', name: 'alpha' },
      { id: '2', name: 'Beta' },
      { id: '3', name: 'zebra' },
    ]);
  });

  it('should keep only id and name of what the server sent', () => {
    expect(buildChannelList([{ id: '1', name: 'a', extra: 1 } as never])).toEqual([{ id: '1', name: 'a' }]);
  });
});

describe('insertChannel', () => {
  const list = buildChannelList([
    { id: '1', name: 'alpha' },
    { id: '2', name: 'delta' },
    { id: '3', name: 'omega' },
  ]);

  it('should put a new channel at its place by name', () => {
    expect(names(insertChannel(list, { id: '4', name: 'Charlie' }))).toEqual(['alpha', 'Charlie', 'delta', 'omega']);
    expect(names(insertChannel(list, { id: '4', name: 'aardvark' }))).toEqual(['aardvark', 'alpha', 'delta', 'omega']);
    expect(names(insertChannel(list, { id: '4', name: 'zulu' }))).toEqual(['alpha', 'delta', 'omega', 'zulu']);
    expect(names(insertChannel([], { id: '4', name: 'first' }))).toEqual(['first']);
  });

  it('should return the same list for a channel it holds', () => {
    expect(insertChannel(list, { id: '2', name: 'delta' })).toBe(list);
  });

  it('should agree with sorting the whole list', () => {
    let grown: readonly { id: string; name: string }[] = [];
    const all = Array.from({ length: 200 }, (_, n) => ({ id: String(n + 1), name: `c-${(n * 7919) % 1000}` }));
    for (const channel of all) grown = insertChannel(grown, channel);
    expect(names(grown)).toEqual(names(buildChannelList(all)));
  });
});
