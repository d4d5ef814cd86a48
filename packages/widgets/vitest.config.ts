import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// The API runs in-process for the browser tests: load graphql's CommonJS build, as Node (and so
// graphql-yoga and Pothos) does, or `instanceof` checks fail across the two builds.
const requireFromApi = createRequire(new URL('../api/package.json', import.meta.url));

/** Tests that need neither the API nor a browser: texts, labels, the manifest, finding Chromium. */
const UNIT = ['src/internal/**/*.test.ts', 'src/fc-share-chart/scale.test.ts', 'src/test/chromium.test.ts', 'scripts/**/*.test.ts'];

export default defineConfig({
  resolve: {
    alias: [{ find: /^graphql$/, replacement: requireFromApi.resolve('graphql') }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: UNIT },
      },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['src/**/*.test.ts'],
          exclude: UNIT,
          globalSetup: ['src/test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // One Chromium per file, one file at a time: the in-process API answers on one PGlite
          // connection, so parallel files only queue behind each other's statistics.
          maxWorkers: 1,
        },
      },
    ],
  },
});
