// One linter for the whole project, run by `npm test` (npm run lint): a lint
// error fails CI, so style is never a review topic. The layer rules are
// checked by server/architecture.spec.ts.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

export default ts.config(
  {
    ignores: [
      'dist/',
      'web/build/',
      'web/.svelte-kit/',
      'web/src/lib/graphql/generated/',
      'examples/bot/generated/',
      'test-results/',
      'data/',
      'node_modules/',
    ],
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
);
