import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';

/** A query that parsed and passed every rule, or the errors that refuse it. */
export type CheckedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parsed and validated documents by query text. A thousand clients that
 * subscribe with the same query share one document: parsed once, checked
 * once, held once in memory (a parsed document with its tokens is several
 * KiB; kept per subscription, it was most of an idle connection's cost).
 * Documents are never modified by execution, so sharing them is safe.
 *
 * Bounded: at most `capacity` entries (default 500), least recently used
 * evicted first; queries longer than `maxQueryLength` characters (default
 * 16,384) are checked every time and never kept.
 */
export class DocumentCache {
  private readonly entries = new Map<string, CheckedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    private readonly capacity = 500,
    private readonly maxQueryLength = 16 * 1024,
  ) {}

  check(query: string): CheckedDocument {
    const cached = this.entries.get(query);
    if (cached) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    const checked = this.parseAndValidate(query);
    if (query.length <= this.maxQueryLength) {
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(query, checked);
    }
    return checked;
  }

  private parseAndValidate(query: string): CheckedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError('The query could not be parsed.')] };
    }
    const errors = validate(this.schema, document, this.rules);
    return errors.length > 0 ? { errors } : { document };
  }
}
