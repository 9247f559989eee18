import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the web client's operations, generated from the server's schema.
 * `npm run codegen` rewrites web/src/lib/graphql/generated/; a spec fails
 * when the committed output no longer matches the schema and documents.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/lib/graphql/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/lib/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', ID: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
