import { describe, expect, it } from 'vitest';
import { foldFollowUps, type SendFollowUp } from './send-follow-ups.js';
import * as markerSql from './sql-marker-queries.js';
import * as sql from './sql-queries.js';

/** A channel send's follow-up, as sql-flows.ts makes it. */
const sent = (channel: string, author: string, id: string, keep: number): SendFollowUp => ({
  prune: { key: channel, statement: sql.pruneMessages, params: { channel, keep } },
  mark: { key: `${author} ${channel}`, statement: markerSql.advanceChannelMarker, params: { user: author, channel, id } },
});

/** What sends one after another leave retained: a prune after each insert. */
function oneAfterAnother(before: number, keeps: readonly number[]): number {
  let retained = before;
  for (const keep of keeps) retained = Math.min(retained + 1, keep);
  return retained;
}

describe('foldFollowUps', () => {
  it('should prune each channel once and move each author’s marker there once, to their newest id', () => {
    const steps = foldFollowUps([
      sent('1', 'ada', '10', 100),
      sent('2', 'ada', '11', 100),
      sent('1', 'bob', '12', 100),
      sent('1', 'ada', '13', 100),
    ]);
    expect(steps.map((step) => [step.statement.name, step.params])).toEqual([
      ['prune_messages', { channel: '1', keep: 100 }],
      ['prune_messages', { channel: '2', keep: 100 }],
      ['advance_channel_marker', { user: 'ada', channel: '1', id: '13' }],
      ['advance_channel_marker', { user: 'ada', channel: '2', id: '11' }],
      ['advance_channel_marker', { user: 'bob', channel: '1', id: '12' }],
    ]);
    expect(steps.every((step) => step.mode === 'changes')).toBe(true);
  });

  it('should compare ids as numbers, not as text', () => {
    const [, mark] = foldFollowUps([sent('1', 'ada', '99', 100), sent('1', 'ada', '100', 100)]);
    expect(mark?.params.id).toBe('100');
  });

  it('should keep with one prune what a prune after each send would have, whatever the caps of the sends', () => {
    const cases = [
      [100, 100, 100],
      [5, 5, 5, 5, 5, 5, 5, 5],
      [100, 2, 100, 10],
      [3, 1, 3],
      [1, 1],
      [2, 50, 50, 50, 50],
    ];
    for (const keeps of cases) {
      const [prune] = foldFollowUps(keeps.map((keep, index) => sent('1', 'ada', String(index + 1), keep)));
      const keep = prune!.params.keep as number;
      for (const before of [0, 1, 3, 200]) expect(Math.min(before + keeps.length, keep)).toBe(oneAfterAnother(before, keeps));
    }
  });
});
