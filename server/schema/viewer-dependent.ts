/**
 * The `extensions` that mark a field whose value depends on who asks (an
 * unread count, a read marker). Shared subscription execution
 * (transport/shared-subscriptions.ts) runs an operation once for all its
 * subscribers; an operation whose selection reaches such a field is executed
 * per subscriber instead, so that one user's counts never reach another.
 */
export const VIEWER_DEPENDENT = { viewerDependent: true } as const;

/** Whether a field's extensions (as type-graphql puts them on the GraphQL field) mark it as viewer-dependent. */
export const isViewerDependent = (extensions: Readonly<Record<string, unknown>> | null | undefined): boolean =>
  extensions?.['viewerDependent'] === true;
