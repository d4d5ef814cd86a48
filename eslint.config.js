import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', '.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in packages/api/src/config.ts only.' }],
    },
  },
  {
    // The API's arrows point one way (http → graphql → domain → db): no import cycles, and no domain
    // module reaches into the GraphQL layer or the HTTP layer.
    files: ['packages/api/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { typescript: { project: 'packages/api/tsconfig.json' } } },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['packages/api/src/{access,db,deliveries,dfc,exports,imports,matching,places,privacy,producers,records,seed,stats,sync}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/graphql/*', '**/graphql/**', '**/http/*', '**/http/**'],
              message: 'Domain code takes a Database and plain values; the GraphQL and HTTP layers call it, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**', '**/config.ts', 'bench/**', 'prisma.config.ts', '**/vitest.config.ts', '**/scripts/**'],
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
