import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// The test runs the API in process: load graphql the way the API's own tests do (its CommonJS build),
// or `instanceof GraphQLError` fails across two copies.
const require = createRequire(new URL('../../packages/api/package.json', import.meta.url));

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000 },
});
