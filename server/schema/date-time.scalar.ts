import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError('DateTime takes an ISO-8601 instant such as 2026-01-31T12:00:00.000Z.');
}

/** An instant, as an ISO-8601 string in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, as an ISO-8601 string in UTC.',
  // Clients and codegen tools recognise the format by this address (graphql-scalars' DateTime spec).
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time',
  serialize(value) {
    const date = value instanceof Date ? value : parse(value);
    return date.toISOString();
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime takes a string.');
    return parse(ast.value);
  },
});
