/** For specs only: stands in for urql's client, answering operations by name and recording subscriptions. */

export type Answer = { data?: unknown; error?: unknown };
export type Handler = (variables: Record<string, unknown>) => Answer | Promise<Answer>;

export interface FakeSubscription {
  readonly name: string;
  readonly variables: Record<string, unknown>;
  closed: boolean;
  push(data: unknown): void;
  emit(result: { data?: unknown; error?: unknown }): void;
}

const operationName = (document: { definitions: readonly { kind: string; name?: { value: string } }[] }) =>
  document.definitions.find((d) => d.kind === 'OperationDefinition')!.name!.value;

export class FakeClient {
  readonly calls: { name: string; variables: Record<string, unknown> }[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  constructor(private readonly handlers: Record<string, Handler>) {}

  private run(document: never, variables: Record<string, unknown>) {
    const name = operationName(document);
    this.calls.push({ name, variables });
    return { toPromise: async () => await (this.handlers[name] ?? (() => ({ data: null })))(variables) };
  }
  query = (document: never, variables: Record<string, unknown>) => this.run(document, variables);
  mutation = (document: never, variables: Record<string, unknown>) => this.run(document, variables);
  subscription = (document: never, variables: Record<string, unknown>) => ({
    subscribe: (callback: (result: { data?: unknown; error?: unknown }) => void) => {
      const subscription: FakeSubscription = {
        name: operationName(document),
        variables,
        closed: false,
        push: (data) => callback({ data }),
        emit: (result) => callback(result),
      };
      this.subscriptions.push(subscription);
      return { unsubscribe: () => void (subscription.closed = true) };
    },
  });

  /** The one subscription of this name still running (and matching `where`); throws when there is not exactly one. */
  live(name: string, where: (variables: Record<string, unknown>) => boolean = () => true): FakeSubscription {
    const found = this.subscriptions.filter((s) => !s.closed && s.name === name && where(s.variables));
    if (found.length !== 1) throw new Error(`expected one live ${name}, found ${found.length}`);
    return found[0]!;
  }

  /** How often an operation of this name was sent. */
  count(name: string): number {
    return this.calls.filter((c) => c.name === name).length;
  }
}
