// Generates typed operations from the API's printed schema and the named operations in
// src/operations. `pnpm --filter @food-commons/client generate` writes src/generated; the package's
// test runs the same with --check and fails when the committed files are stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/operations/*.graphql'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // src/generated/persisted-documents.json: each operation's SHA-256 hash and exact text, for
        // a server that accepts only known operations.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        // Documents are strings: no GraphQL runtime needed in the browser.
        documentMode: 'string',
        enumsAsTypes: true,
        // Only the types the operations use: unrelated schema changes do not make the client stale.
        onlyOperationTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string', Decimal: 'string | number', JSON: 'unknown', ID: 'string' },
      },
    },
  },
};

export default config;
