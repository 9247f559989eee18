import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the operations of the web client and of the example bot,
 * generated from the server's schema. `npm run codegen` rewrites
 * web/src/lib/graphql/generated/ and examples/bot/generated/; specs fail
 * when the committed output no longer matches the schema and documents.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'web/src/lib/graphql/generated/': {
      documents: ['web/src/lib/graphql/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', ID: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
    // A third-party client of the public API: its documents as typed strings, so it needs no GraphQL library at run time.
    'examples/bot/generated/': {
      documents: ['examples/bot/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        documentMode: 'string',
        // Imports with .js, as Node's own ES modules need them.
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', ID: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
