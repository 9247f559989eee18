import { getOperationAST, parse, type OperationDefinitionNode } from 'graphql';

export interface OperationChoice {
  /** Subscriptions must go over the WebSocket. */
  readonly isSubscription: boolean;
  /** The name to send: GraphiQL's, unless it names no operation of the text while the text has a single one. */
  readonly operationName: string | undefined;
}

/**
 * Which operation GraphiQL is about to run, decided from the text being run.
 * GraphiQL's own idea (its parsed document and selected operation name) is
 * updated after a pause in typing and can lag behind the text.
 */
export function chooseOperation(query: string, operationName?: string | null): OperationChoice {
  let named: OperationDefinitionNode | null;
  let operations: OperationDefinitionNode[];
  try {
    const document = parse(query);
    operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    named = operationName ? (getOperationAST(document, operationName) ?? null) : null;
  } catch {
    // Not parseable: let the server say what is wrong with it.
    return { isSubscription: false, operationName: operationName ?? undefined };
  }
  if (named) return { isSubscription: named.operation === 'subscription', operationName: operationName ?? undefined };
  if (operations.length === 1)
    return { isSubscription: operations[0]!.operation === 'subscription', operationName: operations[0]!.name?.value };
  return { isSubscription: false, operationName: operationName ?? undefined };
}
