import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

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
    include: ['server/**/*.spec.ts', 'web/src/**/*.spec.ts', 'tests/**/*.test.ts', 'bench/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The machine has two cores; servers and browsers under test need their share.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
