import { execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { isPromise, type PromiseOrValue } from './promise-or-value.js';

/** An operation's executions so far, and once it has had enough of them, its compiled function (null: it cannot be compiled). */
interface Operation {
  interpreted: number;
  compiled?: CompiledQuery | null;
}

/** Executions through graphql-js before an operation is compiled: an operation that lives for one event is never compiled. */
export const INTERPRETED_EXECUTIONS = 1;

/**
 * Executes an operation against a root value (a subscription's event) with
 * the operation compiled into a JavaScript function (graphql-jit, as
 * Mercurius does), where graphql-js's `execute` interprets the document
 * again for each event: it builds an execution context, coerces the
 * variables, collects the fields and looks up each field's definition, every
 * time. The shared fan-out executes every event once per operation, so on a
 * channel with one subscriber each message pays for one execution, and the
 * compiled one costs a fraction of it.
 *
 * Results are graphql-js's: the same data, in the same order, the same
 * errors with the same paths (shared-subscriptions.spec.ts and
 * compiled-execution.spec.ts compare the two byte for byte). An operation
 * graphql-jit cannot compile runs through graphql-js's `execute`.
 *
 * Compiling costs about a millisecond, some fifty executions: an operation
 * is compiled on its second event, so that a client that subscribes, sees
 * one event and ends, over and over with ever new queries, costs what it
 * cost before. Compiled functions are kept per document object: the
 * document cache (document-cache.ts) hands every subscriber of one query the
 * same one, and a document dropped from it and from every subscription takes
 * its functions with it, so there are at most as many as live
 * subscriptions, each bounded by MAX_SUBSCRIPTIONS_PER_USER.
 */
export class CompiledExecution {
  private readonly operations = new WeakMap<DocumentNode, Map<string, Operation>>();

  execute(args: ExecutionArgs, rootValue: unknown): PromiseOrValue<ExecutionResult> {
    const compiled = this.compiledFor(args);
    if (!compiled) return execute({ ...args, rootValue });
    const result = compiled.query(rootValue, args.contextValue, args.variableValues ?? {});
    return isPromise(result) ? result.then(inGraphqlJsShape) : inGraphqlJsShape(result);
  }

  /** How many of the document's operations are compiled (read by tests). */
  compiledOperations(document: DocumentNode): number {
    return [...(this.operations.get(document)?.values() ?? [])].filter((operation) => operation.compiled).length;
  }

  /** The operation's compiled function, once it has been interpreted often enough and compiles; null until then. */
  private compiledFor(args: ExecutionArgs): CompiledQuery | null {
    let byName = this.operations.get(args.document);
    if (!byName) this.operations.set(args.document, (byName = new Map()));
    const name = args.operationName ?? '';
    let operation = byName.get(name);
    if (!operation) byName.set(name, (operation = { interpreted: 0 }));
    if (operation.compiled !== undefined) return operation.compiled;
    if (operation.interpreted < INTERPRETED_EXECUTIONS) {
      operation.interpreted++;
      return null;
    }
    return (operation.compiled = compile(args));
  }
}

/** With errors, graphql-js puts them first (`{ errors, data }`), and clients see these bytes as JSON in that order. */
function inGraphqlJsShape(result: ExecutionResult): ExecutionResult {
  return result.errors?.length ? { errors: result.errors, data: result.data } : { data: result.data };
}

/** The compiled operation, or null where graphql-jit refuses it (it answers with errors) or fails on it. */
function compile(args: ExecutionArgs): CompiledQuery | null {
  try {
    const compiled = compileQuery(args.schema, args.document, args.operationName ?? undefined);
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    return null;
  }
}
