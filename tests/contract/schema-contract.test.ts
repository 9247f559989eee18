import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printChatSchema } from '../../server/schema/print-schema.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Every promise the contract makes, as "Type.field(arg: Type = default): Type" lines. */
function signatures(schema: GraphQLSchema, only?: GraphQLSchema): string[] {
  const lines: string[] = [];
  const reference = only ?? schema;
  for (const type of Object.values(reference.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const own = schema.getType(type.name);
    lines.push(`${type.name}: ${own ? kind(own) : 'missing'}`);
    if (!own || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) continue;
    const ownFields = (own as any).getFields?.() ?? {};
    for (const name of Object.keys(type.getFields())) {
      const field = ownFields[name] as GraphQLField<unknown, unknown> | undefined;
      if (!field) {
        lines.push(`${type.name}.${name}: missing`);
        continue;
      }
      const referenceArgs = ((type.getFields()[name] as GraphQLField<unknown, unknown>).args ?? []).map((a) => a.name);
      const args = (field.args ?? [])
        .filter((arg) => referenceArgs.includes(arg.name) || arg.type.toString().endsWith('!'))
        .map((arg) => `${arg.name}: ${arg.type}${arg.defaultValue !== undefined ? ` = ${JSON.stringify(arg.defaultValue)}` : ''}`)
        .sort();
      lines.push(`${type.name}.${name}(${args.join(', ')}): ${field.type}`);
    }
  }
  return lines.sort();
}

const kind = (type: GraphQLNamedType) => type.constructor.name;

/** A shared contract beside the project; absent only outside the workspace, and never under CI=true. */
function readShared(name: string): string | null {
  try {
    return readFileSync(new URL(`../../../shared/${name}`, import.meta.url), 'utf8');
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`../shared/${name} is missing: CI runs beside shared/`, { cause: error });
    console.warn(`!! ../shared/${name} is not there: the copy in tests/contract is checked against nothing else.`);
    return null;
  }
}

describe('schema.graphql', () => {
  const contract = buildSchema(read('./api-contract.graphql'));
  const contractV2 = buildSchema(read('./api-contract-v2.graphql'));
  const schema = buildSchema(read('../../schema.graphql'));

  it('should contain every type, field and argument of the API contract, with the same types', () => {
    expect(signatures(schema, contract)).toEqual(signatures(contract));
  });

  it('should contain every type, field and argument of the version 2 contract as far as it has landed', () => {
    expect(signatures(schema, contractV2)).toEqual(signatures(contractV2));
  });

  it('should add no required argument to a contract field', () => {
    // signatures() keeps the schema's non-null extra arguments: equality above proves there are none.
    expect(signatures(schema, contract).join('\n')).not.toContain('missing');
    expect(signatures(schema, contractV2).join('\n')).not.toContain('missing');
  });

  it('should be what the server classes emit (run `npm run schema` when this fails)', async () => {
    expect(read('../../schema.graphql')).toBe(await printChatSchema());
  });

  it('should be the contract that developers share (tests/contract/api-contract.graphql is a copy of it)', () => {
    const original = readShared('api-contract.graphql');
    if (original !== null) expect(read('./api-contract.graphql')).toBe(original);
  });

  it('should promise nothing that the shared version 2 contract does not, and keep all of version 1', () => {
    const original = readShared('api-contract-v2.graphql');
    if (original === null) return;
    const shared = buildSchema(original);
    // Every promise of the copy is one of the shared v2 file's, with the same types.
    expect(signatures(shared, contractV2)).toEqual(signatures(contractV2));
    expect(signatures(contractV2, contract)).toEqual(signatures(contract));
  });
});
