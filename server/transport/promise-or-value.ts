/** A result that may come now or later: graphql-js's and graphql-jit's executions return either. */
export type PromiseOrValue<T> = T | Promise<T>;

export function isPromise<T>(value: PromiseOrValue<T>): value is Promise<T> {
  return typeof (value as Promise<T>)?.then === 'function';
}
