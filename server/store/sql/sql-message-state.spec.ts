import { describe, expect, it } from 'vitest';
import { runFlowSync, type Flow, type Step } from './sql-flow.js';
import { addMessageFlow, type SendEngine } from './sql-flows.js';
import { followUpsAtOnce } from './send-follow-ups.js';
import { withChannelState, withDirectState } from './sql-message-state.js';
import type { DirectMessageRow, MessageRow, RowReader } from './sql-rows.js';

const read: RowReader = { time: (value) => String(value), json: (value) => value };
/** Sends here write no outbox entry: writing one would be a mistake in the spec. */
const engine: SendEngine = {
  read,
  writeOutbox: () => {
    throw new Error('no outbox in these specs');
  },
  followUps: followUpsAtOnce,
};

const messageRow = (id: number): MessageRow => ({
  id,
  channel_id: 7,
  body: `m${id}`,
  client_id: null,
  created_at: 't',
  edited_at: null,
  deleted: 0,
  version: 1,
  author_id: 1,
  author_name: 'ada',
  author_protected: 0,
});
const directRow = (id: number): DirectMessageRow => ({
  id,
  body: `d${id}`,
  client_id: null,
  created_at: 't',
  edited_at: null,
  deleted: 0,
  version: 1,
  from_id: 1,
  from_name: 'ada',
  from_protected: 0,
  to_id: 2,
  to_name: 'bob',
  to_protected: 0,
});

/** Runs a flow against canned answers by statement name, recording each statement and its parameters. */
function run<T>(flow: Flow<T>, answers: Record<string, unknown> = {}) {
  const steps: Step[] = [];
  const result = runFlowSync(flow, (step) => {
    steps.push(step);
    return answers[step.statement.name] ?? (step.mode === 'rows' ? [] : step.mode === 'row' ? undefined : 0);
  });
  return { result, names: steps.map((step) => step.statement.name), steps };
}

describe('reading the state of a list of messages', () => {
  it('should read the reactions and the mentions of a whole list with one statement each, by its first and last id', () => {
    const { result, names, steps } = run(withChannelState([messageRow(3), messageRow(5), messageRow(9)], '7', read), {
      channel_reactions: [
        { message_id: 5, emoji: '👍', user_id: 2, name: 'bob', protected: 0 },
        { message_id: 9, emoji: '🎉', user_id: 1, name: 'ada', protected: 1 },
        { message_id: 9, emoji: '🎉', user_id: 2, name: 'bob', protected: 0 },
      ],
      channel_mentions: [
        { message_id: 3, position: 1, user_id: 1, name: 'ada', protected: 0 },
        { message_id: 3, position: 0, user_id: 2, name: 'bob', protected: 0 },
      ],
    });
    expect(names).toEqual(['channel_reactions', 'channel_mentions']);
    expect(steps.map((step) => step.params)).toEqual([
      { channel: '7', first: '3', last: '9' },
      { channel: '7', first: '3', last: '9' },
    ]);
    expect(result.map((m) => [m.id, m.reactions.map((r) => [r.emoji, r.users.map((u) => u.name)]), m.mentions.map((u) => u.name)])).toEqual(
      [
        ['3', [], ['bob', 'ada']],
        ['5', [['👍', ['bob']]], []],
        ['9', [['🎉', ['ada', 'bob']]], []],
      ],
    );
  });

  it('should read nothing more for an empty list', () => {
    expect(run(withChannelState([], '7', read)).names).toEqual([]);
    expect(run(withDirectState([], { user: '1' }, read)).names).toEqual([]);
  });

  it("should read a user's direct messages' reactions by the user, a conversation's by the pair", () => {
    const rows = [directRow(4), directRow(8)];
    expect(run(withDirectState(rows, { user: '1' }, read)).steps.map((step) => [step.statement.name, step.params])).toEqual([
      ['user_direct_reactions', { user: '1', first: '4', last: '8' }],
    ]);
    expect(run(withDirectState(rows, { low: '1', high: '2' }, read)).steps.map((step) => [step.statement.name, step.params])).toEqual([
      ['conversation_reactions', { low: '1', high: '2', first: '4', last: '8' }],
    ]);
  });
});

describe('sending a message', () => {
  const input = { channelId: '7', authorId: '1', body: 'hi', clientId: null, now: new Date(0), keep: 10 };

  it('should run no mention statement for a message that mentions nobody', () => {
    const { names, result } = run(addMessageFlow(engine, { ...input, mentionIds: [] }), {
      insert_message: messageRow(3),
      advance_channel_marker: 1,
    });
    expect(names).toEqual(['insert_message', 'prune_messages', 'advance_channel_marker']);
    expect(result.message.mentions).toEqual([]);
  });

  it("should write a message's mentions in one statement, in the order given", () => {
    const { names, steps, result } = run(addMessageFlow(engine, { ...input, mentionIds: ['2', '1'] }), {
      insert_message: messageRow(3),
      insert_mentions: [
        { message_id: 3, position: 1, user_id: 1, name: 'ada', protected: 0 },
        { message_id: 3, position: 0, user_id: 2, name: 'bob', protected: 0 },
      ],
      advance_channel_marker: 1,
    });
    expect(names).toEqual(['insert_message', 'insert_mentions', 'prune_messages', 'advance_channel_marker']);
    expect(steps[1]!.params).toEqual({ message: '3', ids: '["2","1"]' });
    expect(result.message.mentions.map((user) => user.name)).toEqual(['bob', 'ada']);
  });

  it("should move the author's read marker to the message, in the send's flow", () => {
    const { steps } = run(addMessageFlow(engine, input), { insert_message: messageRow(3), advance_channel_marker: 1 });
    expect(steps.at(-1)!.params).toEqual({ user: '1', channel: '7', id: '3' });
  });
});
