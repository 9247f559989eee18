import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QueryCost } from './query-cost.js';

const schema = buildSchema(`
  type Message { id: ID! body: String! }
  type Query { messages(channelId: ID!, last: Int = 100): [Message!]! }
  type Mutation { send(body: String!): Message! }
`);
const cost = new QueryCost({ schema, limit: 1000, maxListSize: 100 });

describe('QueryCost', () => {
  it('should estimate one document anew for each size it is asked with, and again for the same size', () => {
    const document = parse(`query ($last: Int, $channelId: ID!) { messages(channelId: $channelId, last: $last) { id body } }`);
    expect(cost.estimate(document, { last: 10, channelId: '1' })).toBe(21);
    expect(cost.estimate(document, { last: 3, channelId: '2' })).toBe(7);
    expect(cost.estimate(document, { last: 10, channelId: '3' })).toBe(21);
  });

  it('should tell an absent size, whose default applies, from an explicit null', () => {
    const document = parse(`query ($last: Int) { messages(channelId: "1", last: $last) { id } }`);
    expect(cost.estimate(document, {})).toBe(101);
    // null is no size: the longest list the server returns.
    expect(cost.estimate(document, { last: null })).toBe(101);
    expect(cost.estimate(document, { last: 1 })).toBe(2);
    expect(cost.estimate(document, {})).toBe(101);
  });

  it('should follow @include on a Boolean variable', () => {
    const document = parse(`query ($all: Boolean!) { messages(channelId: "1", last: 10) { id body @include(if: $all) } }`);
    expect(cost.estimate(document, { all: true })).toBe(21);
    expect(cost.estimate(document, { all: false })).toBe(11);
    expect(cost.estimate(document, { all: true })).toBe(21);
  });

  it('should keep answering null when the variables do not fit, and refuse what costs too much', () => {
    const document = parse(`query ($last: Int!) { messages(channelId: "1", last: $last) { id body } }`);
    expect(cost.estimate(document, { last: 'ten' })).toBeNull();
    expect(cost.estimate(document, { last: 'ten' })).toBeNull();
    const aliased = parse(`{ a: messages(channelId: "1") { id body } b: messages(channelId: "1") { id body } }`);
    const strict = new QueryCost({ schema, limit: 300, maxListSize: 100 });
    expect(strict.check(aliased, {})?.message).toMatch(/would cost 402, more than the limit of 300/);
    expect(strict.check(aliased, {})?.message).toMatch(/would cost 402, more than the limit of 300/);
  });
});
