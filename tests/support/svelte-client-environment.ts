import type { Environment } from 'vitest/environments';

/**
 * The web specs' environment: Vite compiles the modules under test for the
 * client, as the app runs them, so that an `$effect` runs (Svelte's server
 * build renders once and never runs one). No DOM is set up: a spec that needs
 * a browser API brings a stand-in for it.
 */
export default {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => {} }),
} satisfies Environment;
