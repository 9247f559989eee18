import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, type DefinitionNode, type DocumentNode, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { QueryCost, UNSIZED_LIST_ESTIMATE } from '../../server/transport/query-cost.js';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const operationsDir = new URL('../../web/src/lib/graphql/', import.meta.url);
const defaults = loadConfig({});
const cost = new QueryCost({ schema, limit: defaults.queryCostLimit, maxListSize: defaults.messageLimit });

/** Every operation of the web app, each with the fragments of its file. */
function webOperations(): { name: string; document: DocumentNode }[] {
  const operations: { name: string; document: DocumentNode }[] = [];
  for (const file of readdirSync(operationsDir).filter((name) => name.endsWith('.graphql'))) {
    const { definitions } = parse(readFileSync(new URL(file, operationsDir), 'utf8'));
    const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    for (const definition of definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [definition, ...fragments] as DefinitionNode[] };
      operations.push({ name: `${file}: ${definition.name?.value}`, document });
    }
  }
  return operations;
}

/** The costliest values the app may send: the longest lists it may ask for. */
function costliestVariables(document: DocumentNode): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  const operation = document.definitions[0]!;
  if (operation.kind !== Kind.OPERATION_DEFINITION) return variables;
  const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));
  for (const definition of operation.variableDefinitions ?? []) {
    const type = named(definition.type);
    variables[definition.variable.name.value] =
      type === 'Int' ? defaults.messageLimit : type === 'ID' ? '1' : type === 'Boolean' ? true : 'x';
  }
  return variables;
}

describe('the cost of the web app operations', () => {
  const operations = webOperations();

  it('should find the operations', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
  });

  it.each(operations.map((operation) => [operation.name, operation.document] as const))(
    'should keep %s well under QUERY_COST_LIMIT',
    (_name, document) => {
      const estimate = cost.estimate(document, costliestVariables(document));
      expect(estimate).not.toBeNull();
      expect(estimate!).toBeLessThanOrEqual(defaults.queryCostLimit / 4);
    },
  );

  it('should refuse fifteen aliases of every channel with its last 100 messages', () => {
    const aliases = Array.from({ length: 15 }, (_, n) => `a${n}: channels { messages(last: 100) { id body author { name } } }`);
    const document = parse(`{ ${aliases.join(' ')} }`);
    expect(cost.estimate(document, {})).toBe(15 * (1 + UNSIZED_LIST_ESTIMATE * (1 + 100 * (2 + 1 + 1))));
    expect(cost.check(document, {})?.message).toMatch(/would cost \d+, more than the limit of 10000/);
  });

  it('should weigh a list by the schema default of its size argument, and by a variable at its value', () => {
    expect(cost.estimate(parse(`{ channel(id: "1") { messages { id } } }`), {})).toBe(1 + 1 + 100 * 1);
    const byVariable = parse(`query ($n: Int) { channel(id: "1") { messages(last: $n) { id } } }`);
    expect(cost.estimate(byVariable, { n: 3 })).toBe(1 + 1 + 3);
    expect(cost.estimate(byVariable, { n: 1_000_000 })).toBe(1 + 1 + defaults.messageLimit);
  });

  it('should weigh a message’s reactions, their users and its mentions as one object each, and keep a full history well under the limit', () => {
    const full = parse(`{ channel(id: "1") { messages(last: 100) {
      id channelId body createdAt clientId editedAt deleted version author { id name online }
      reactions { emoji users { id name online } } mentions { id name }
    } } }`);
    const perMessage = 8 + (1 + 3) + (1 + 1 + (1 + 3)) + (1 + 2);
    expect(cost.estimate(full, {})).toBe(1 + 1 + 100 * perMessage);
    expect(cost.estimate(full, {})!).toBeLessThanOrEqual(defaults.queryCostLimit / 4);
    const aliased = parse(
      `{ channel(id: "1") { messages { ${Array.from({ length: 50 }, (_, n) => `r${n}: reactions { users { name } }`).join(' ')} } } }`,
    );
    expect(cost.check(aliased, {})).not.toBeNull();
  });

  it('should leave introspection free, so that the playground can load the schema', () => {
    expect(cost.estimate(parse(`{ __schema { types { name fields { name args { name } } } } }`), {})).toBe(0);
  });
});
