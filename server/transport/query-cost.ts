import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
// Its ESM build imports graphql's .mjs files, while `graphql` resolves to its
// CommonJS build everywhere else (type-graphql's schema included): two copies
// of graphql that refuse each other's types. The CommonJS build shares ours.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import { DomainError, ErrorCode } from '../domain/errors.js';

/** Arguments that say how long a list field's answer is. */
const SIZE_ARGUMENTS = ['last', 'first'] as const;
/**
 * How long a list without a size argument (`channels`, `onlineUsers`,
 * `conversations`) is taken to be: a guess, since such lists grow with use,
 * kept modest so that one honest query over them stays cheap.
 */
export const UNSIZED_LIST_ESTIMATE = 50;

/**
 * Lists that come with their parent, from the read that loaded it, and are
 * bounded by the data rather than by the query: a message's reactions (at
 * most 20 emoji) and their users, and its mentions (at most 20). Each weighs
 * as one object: an alias of them still costs as much again, while counting
 * them at UNSIZED_LIST_ESTIMATE would make an honest history of 100
 * messages cost hundreds of thousands.
 */
export const EMBEDDED_LISTS: ReadonlySet<string> = new Set([
  'Message.reactions',
  'Message.mentions',
  'DirectMessage.reactions',
  'Reaction.users',
]);

/**
 * The cost of a field: 1, plus its children's cost times the length of the
 * list it returns. A list's length is its `last`/`first` argument (the schema
 * default when not given, e.g. `messages(last = 100)`), at most
 * `maxListSize` (what the server returns at most anyway), or
 * UNSIZED_LIST_ESTIMATE without such an argument, or 1 for the EMBEDDED_LISTS. Introspection is free: its
 * answer is bounded by the schema, and the playground needs it.
 */
export function listSizeEstimator(maxListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (type.name.startsWith('__') || field.name.startsWith('__') || getNamedType(field.type).name.startsWith('__')) return 0;
    if (!isListType(getNullableType(field.type)) || EMBEDDED_LISTS.has(`${type.name}.${field.name}`)) return 1 + childComplexity;
    const sizeArgument = SIZE_ARGUMENTS.find((name) => field.args.some((arg) => arg.name === name));
    if (!sizeArgument) return 1 + UNSIZED_LIST_ESTIMATE * childComplexity;
    const requested = args[sizeArgument];
    const size = typeof requested === 'number' ? Math.min(Math.max(requested, 0), maxListSize) : maxListSize;
    return 1 + size * childComplexity;
  };
}

export interface QueryCostOptions {
  schema: GraphQLSchema;
  /** QUERY_COST_LIMIT; 0 turns the check off. */
  limit: number;
  /** The longest list the server ever returns (MESSAGE_LIMIT). */
  maxListSize: number;
}

/** Costs kept per operation: one per distinct value of the variables the cost can depend on. */
const COSTS_PER_OPERATION = 32;

/**
 * The variables an operation's cost can depend on: a list's size argument is
 * an Int, and `@skip`/`@include` take a Boolean. Every other variable (a
 * message's body, a channel's id) leaves the cost as it is.
 */
function costVariables(operation: OperationDefinitionNode): readonly string[] {
  const named = (type: TypeNode): string =>
    type.kind === 'NamedType' ? type.name.value : type.kind === 'ListType' ? '' : named(type.type);
  return (operation.variableDefinitions ?? [])
    .filter((definition) => ['Int', 'Boolean'].includes(named(definition.type)))
    .map((definition) => definition.variable.name.value);
}

interface OperationCosts {
  readonly variables: readonly string[];
  readonly costs: Map<string, number>;
}

/**
 * The cost limit, the same on both transports. It needs the operation's
 * variables (`messages(last: $last)`), so it runs once they are known, before
 * execution, rather than as a validation rule (which sees the document only).
 *
 * Estimating walks the whole document with type information: on the write
 * path, about as long as the rest of a send's GraphQL work. Documents are
 * shared (see DocumentCache), so the estimate is kept per document and
 * operation, keyed by the values of the variables it can depend on: a client
 * sending its thousandth message pays for a lookup.
 */
export class QueryCost {
  private readonly estimators: ComplexityEstimator[];
  private readonly known = new WeakMap<DocumentNode, Map<string, OperationCosts>>();

  constructor(private readonly options: QueryCostOptions) {
    this.estimators = [listSizeEstimator(options.maxListSize)];
  }

  /**
   * The estimated cost of the operation: null when its variables do not fit
   * it (execution then reports that), Infinity when it is too large to
   * estimate at all.
   */
  estimate(document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName?: string | null): number | null {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    const costs = this.costsOf(document, operation, operationName);
    // An absent variable (its default applies) and an explicit null differ: [] against [null].
    const key = JSON.stringify(costs.variables.map((name) => (variables && Object.hasOwn(variables, name) ? [variables[name]] : [])));
    const known = costs.costs.get(key);
    if (known !== undefined) return known;
    const cost = this.compute(document, operation, variables, operationName);
    if (cost !== null && costs.costs.size < COSTS_PER_OPERATION) costs.costs.set(key, cost);
    return cost;
  }

  private costsOf(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null | undefined): OperationCosts {
    let operations = this.known.get(document);
    if (!operations) this.known.set(document, (operations = new Map()));
    let costs = operations.get(operationName ?? '');
    if (!costs) operations.set(operationName ?? '', (costs = { variables: costVariables(operation), costs: new Map() }));
    return costs;
  }

  private compute(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | null | undefined,
    operationName: string | null | undefined,
  ): number | null {
    const coerced = getVariableValues(this.options.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return null;
    try {
      return getComplexity({
        schema: this.options.schema,
        query: document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators: this.estimators,
      });
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  /** A GraphQLError (carrying a BAD_USER_INPUT DomainError) when the operation costs too much, else null. */
  check(document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName?: string | null): GraphQLError | null {
    const { limit } = this.options;
    if (limit <= 0) return null;
    const cost = this.estimate(document, variables, operationName);
    if (cost === null || cost <= limit) return null;
    const refusal = Number.isFinite(cost)
      ? new DomainError(
          ErrorCode.BadUserInput,
          `The query would cost ${cost}, more than the limit of ${limit}: ask for fewer items (a smaller \`last\`) or fewer fields.`,
          { cost, limit },
        )
      : new DomainError(ErrorCode.BadUserInput, 'The query is too large to estimate its cost. Send a smaller one.', { limit });
    return new GraphQLError(refusal.message, { originalError: refusal, extensions: { http: { status: 400 } } });
  }
}
