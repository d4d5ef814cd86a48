import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ES module builds; Node (and so graphql-yoga and Pothos) loads the
    // CommonJS one. Load the same one in tests, or `instanceof GraphQLError` fails across the two.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts'],
    // Builds each kind of test database once per run; test files copy it.
    globalSetup: ['src/test/templates.ts'],
    // Upper bounds that only catch a hang: a busy machine (load 15+) must not fail a test.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // Each file opens its own databases; two workers fit the 2-core machines.
    maxWorkers: 2,
    // Test files in a worker share one module graph: loading the server's modules once per worker
    // instead of once per file saves about 1.4 s a file. A test that replaces a function (vi.spyOn)
    // or an environment variable restores it when it ends.
    isolate: false,
    reporters: ['default'],
  },
});
