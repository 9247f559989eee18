/**
 * Gathers the keys asked for during one turn of the event loop and loads
 * them with one call: graphql-js resolves the fields of every item of a list
 * before the turn ends, so the counts of 500 channels become one query, not
 * 500. Nothing is cached beyond the batch: a long-lived subscription that
 * resolves the same fields for each event reads them fresh every time.
 */
export class BatchLoader<K, V> {
  private pending: { readonly keys: Set<K>; readonly loaded: Promise<ReadonlyMap<K, V>> } | null = null;

  constructor(
    private readonly loadAll: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
    /** When the batch is sent: after every promise and nextTick of this turn. */
    private readonly schedule: (run: () => void) => void = (run) => setImmediate(run),
  ) {}

  /** The value for `key`, or undefined when the load answered none for it. */
  async load(key: K): Promise<V | undefined> {
    const batch = this.pending ?? this.startBatch();
    batch.keys.add(key);
    return (await batch.loaded).get(key);
  }

  private startBatch() {
    const keys = new Set<K>();
    const loaded = new Promise<ReadonlyMap<K, V>>((resolve, reject) =>
      this.schedule(() => {
        this.pending = null;
        this.loadAll([...keys]).then(resolve, reject);
      }),
    );
    const batch = { keys, loaded };
    this.pending = batch;
    return batch;
  }
}

/**
 * One loader per GraphQL context (one request, or one subscriber's
 * operation): keyed by the context object, so it goes when the context does.
 */
export function loaderPerContext<C extends object, K, V>(create: (context: C) => BatchLoader<K, V>): (context: C) => BatchLoader<K, V> {
  const loaders = new WeakMap<C, BatchLoader<K, V>>();
  return (context) => {
    let loader = loaders.get(context);
    if (!loader) loaders.set(context, (loader = create(context)));
    return loader;
  };
}
