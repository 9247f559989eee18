import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countRootFieldsInFlight } from './in-flight-root-fields.js';

function schemaWithCounter() {
  const schema = buildSchema(`
    type Item { name: String! }
    type Query { now: Int! later: Int! broken: Int items: [Item!]! }
    type Mutation { act: Int! fail: Int }
    type Subscription { ticks: Int! }
  `);
  let release: (() => void) | undefined;
  const resolvers: Record<string, Record<string, () => unknown>> = {
    Query: {
      now: () => 1,
      later: () => new Promise((resolve) => (release = () => resolve(2))),
      broken: () => {
        throw new Error('broken');
      },
      items: () => [{ name: 'a' }, { name: 'b' }],
    },
    Mutation: { act: async () => 3, fail: async () => Promise.reject(new Error('failed')) },
  };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as ReturnType<GraphQLSchema['getQueryType']>;
    for (const [name, resolve] of Object.entries(fields)) type!.getFields()[name]!.resolve = resolve;
  }
  const counter = { running: 0, entered: 0 };
  countRootFieldsInFlight(schema, () => {
    counter.running++;
    counter.entered++;
    return () => counter.running--;
  });
  return { schema, counter, release: () => release?.() };
}

describe('countRootFieldsInFlight', () => {
  it('should count each root field of queries and mutations while it runs, and no field below them', async () => {
    const { schema, counter, release } = schemaWithCounter();
    expect(await graphql({ schema, source: '{ now items { name } }' })).toEqual({
      data: { now: 1, items: [{ name: 'a' }, { name: 'b' }] },
    });
    expect(counter).toEqual({ running: 0, entered: 2 });

    const pending = graphql({ schema, source: '{ later }' });
    expect(counter.running).toBe(1);
    release();
    expect((await pending).data).toEqual({ later: 2 });
    expect(counter.running).toBe(0);

    await graphql({ schema, source: 'mutation { act }' });
    expect(counter).toEqual({ running: 0, entered: 4 });
  });

  it('should end the count of a field that throws or rejects, which still answers its error', async () => {
    const { schema, counter } = schemaWithCounter();
    expect((await graphql({ schema, source: '{ broken }' })).errors?.[0]?.message).toBe('broken');
    expect((await graphql({ schema, source: 'mutation { fail }' })).errors?.[0]?.message).toBe('failed');
    expect(counter).toEqual({ running: 0, entered: 2 });
  });
});
