// One linter for the whole project, run by `npm test` (npm run lint): a lint
// error fails CI, so style and the layer rules are never a review topic.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

export default ts.config(
  {
    ignores: ['dist/', 'web/build/', 'web/.svelte-kit/', 'web/src/lib/graphql/generated/', 'test-results/', 'data/', 'node_modules/'],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // Unused on purpose: prefix with an underscore (arguments type-graphql needs declared, say).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Rows and JSON from outside are typed at the boundary, where `any` is sometimes the honest type.
      '@typescript-eslint/no-explicit-any': 'off',
      // The app is served at the root (no paths.base): its plain paths are already resolved.
      'svelte/no-navigation-without-resolve': 'off',
      // State classes keep bookkeeping (maps of names, watermarks) that no template reads: plain collections on purpose.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    // The domain knows nothing of GraphQL, HTTP, SQL or sockets: it imports only itself (its ports included).
    files: ['server/domain/**/*.ts'],
    ignores: ['server/domain/**/*.spec.ts', 'server/domain/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../domain/*'], message: 'The domain imports nothing outside server/domain: declare what it needs in server/domain/ports.' },
            { group: ['graphql', 'graphql/*', 'type-graphql', 'pg', 'better-sqlite3', 'ioredis', 'ws', 'graphql-ws', 'graphql-ws/*', 'node:http'], message: 'The domain knows nothing of GraphQL, SQL, Redis or sockets.' },
          ],
        },
      ],
    },
  },
);
