import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './tests/support/summary-reporter.js';

const require = createRequire(import.meta.url);

/**
 * `npm test` runs every tier: unit specs beside the code, integration tests
 * against the real server, the store contract on SQLite and PostgreSQL,
 * scale-out tests on PostgreSQL and Redis, and browser tests in Chromium.
 */
export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build while type-graphql, loaded by Node,
    // gets the CommonJS one: two copies whose classes fail instanceof checks.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['server/**/*.spec.ts', 'tests/**/*.test.ts', 'bench/**/*.spec.ts'] },
      },
      {
        // The web client's specs: the Svelte compiler turns the runes of its *.svelte.ts state classes into code,
        // for the browser as the app runs them (Svelte's server build never runs an $effect).
        extends: true,
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: { name: 'web', include: ['web/src/**/*.spec.ts'], environment: './tests/support/svelte-client-environment.ts' },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The machine has two cores; servers and browsers under test need their share.
    maxWorkers: 2,
    reporters: ['default', new SummaryReporter()],
  },
});
