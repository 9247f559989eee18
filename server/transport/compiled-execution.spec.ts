import { execute, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type DocumentNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChatSchema } from '../schema/build-schema.js';
import { CompiledExecution, INTERPRETED_EXECUTIONS } from './compiled-execution.js';

const ada = { id: '2', name: 'ada', protected: false };
const message = {
  id: '5',
  channelId: '1',
  body: 'hello @ada',
  clientId: 'c-1',
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: new Date('2026-12-01T10:05:00.000Z'),
  deleted: false,
  version: 2,
  author: { id: '1', name: 'bob', protected: true },
  reactions: [{ emoji: '👍', users: [ada] }],
  mentions: [ada],
};

/** The web app's own documents, fragments and all. */
const webDocument = (file: string) => parse(readFileSync(new URL(`../../web/src/lib/graphql/${file}`, import.meta.url), 'utf8'));

describe('CompiledExecution', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildChatSchema();
  });

  /** Both executions of one event, as the JSON a client receives: the compiled one past the executions that precede compiling. */
  async function bothWays(document: DocumentNode, event: unknown, operationName?: string, variableValues?: Record<string, unknown>) {
    const args = { schema, document, operationName, variableValues, contextValue: {} };
    const execution = new CompiledExecution();
    for (let i = 0; i < INTERPRETED_EXECUTIONS; i++) await execution.execute(args, event);
    const compiled = JSON.stringify(await execution.execute(args, event));
    expect(execution.compiledOperations(document)).toBe(1);
    return { compiled, interpreted: JSON.stringify(await execute({ ...args, rootValue: event })) };
  }

  it.each([
    ['channels.graphql', 'MessageAdded', message, { channelId: '1', after: '4' }],
    ['channels.graphql', 'MessageUpdated', { ...message, deleted: true, body: '' }, { channelId: '1' }],
    ['channels.graphql', 'ChannelActivity', message, undefined],
    ['users.graphql', 'PresenceChanged', { ...ada, online: true }, undefined],
    ['typing.graphql', 'TypingChanged', { user: ada, channelId: '1', typing: true }, { channelId: '1' }],
  ])('should give the bytes graphql-js gives for the web app’s %s %s', async (file, operationName, event, variables) => {
    const { compiled, interpreted } = await bothWays(webDocument(file), event, operationName, variables);
    expect(interpreted).toContain('"data":{');
    expect(compiled).toBe(interpreted);
  });

  it('should give the same bytes with aliases, inline fragments, __typename and @include on a variable', async () => {
    const document = parse(`
      subscription Watch($withMentions: Boolean!) {
        event: messageAdded(channelId: "1") {
          __typename
          key: id
          ... on Message { body at: createdAt }
          mentions @include(if: $withMentions) { name }
          author { ...Who }
        }
      }
      fragment Who on User { name protected }
    `);
    for (const withMentions of [true, false]) {
      const { compiled, interpreted } = await bothWays(document, message, 'Watch', { withMentions });
      expect(compiled).toBe(interpreted);
    }
  });

  it('should give the same errors, paths and nulls as graphql-js for an event that breaks the schema', async () => {
    const document = parse('subscription { messageAdded(channelId: "1") { id body author { name } createdAt } }');
    for (const broken of [
      { ...message, body: null },
      { ...message, author: { id: '1', name: null } },
      { ...message, createdAt: 'yesterday' },
    ]) {
      const { compiled, interpreted } = await bothWays(document, broken);
      expect(interpreted).toContain('"errors":[');
      expect(compiled).toBe(interpreted);
    }
  });

  it('should compile an operation on its second event, once, and reuse it for every later one', async () => {
    const document = parse('subscription { presenceChanged { id name } }');
    const execution = new CompiledExecution();
    const args = { schema, document, contextValue: {} };
    expect(execution.execute(args, ada)).toEqual({ data: { presenceChanged: { id: '2', name: 'ada' } } });
    expect(execution.compiledOperations(document)).toBe(0);
    for (const name of ['cy', 'dee', 'eve']) {
      expect(execution.execute(args, { id: name, name })).toEqual({ data: { presenceChanged: { id: name, name } } });
      expect(execution.compiledOperations(document)).toBe(1);
    }
  });

  it('should take a query’s string literals as data, never as code', async () => {
    const echo = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          echo: { type: GraphQLString, args: { text: { type: GraphQLString } }, resolve: (_event, args: { text: string }) => args.text },
        },
      }),
    });
    const hostile = '"); globalThis.compiledExecutionRan = 1; ("` ${(globalThis.compiledExecutionRan = 2)} ` \u2028 \\ \' */ // </script>';
    const document = parse(`subscription { echo(text: ${JSON.stringify(hostile)}) plain: echo(text: "plain") }`);
    const execution = new CompiledExecution();
    const args = { schema: echo, document, contextValue: {} };
    for (let i = 0; i <= INTERPRETED_EXECUTIONS; i++) {
      expect(await execution.execute(args, {})).toEqual({ data: { echo: hostile, plain: 'plain' } });
    }
    expect(execution.compiledOperations(document)).toBe(1);
    expect((globalThis as { compiledExecutionRan?: number }).compiledExecutionRan).toBeUndefined();
  });

  it('should run an operation it cannot compile through graphql-js', async () => {
    const document = parse('subscription { presenceChanged { id } }');
    const execution = new CompiledExecution();
    const args = { schema, document, operationName: 'Missing', contextValue: {} };
    // graphql-jit refuses an operation name the document does not have; graphql-js answers with its own error.
    for (let i = 0; i <= INTERPRETED_EXECUTIONS + 1; i++) {
      const result = await execution.execute(args, ada);
      expect(result).toEqual(await execute({ ...args, rootValue: ada }));
      expect(result.errors?.[0]?.message).toBe('Unknown operation named "Missing".');
    }
    expect(execution.compiledOperations(document)).toBe(0);
  });
});
