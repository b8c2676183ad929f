import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // the fixture validators are generated from fixtures/schema/ (the build does it too)
          globalSetup: ['scripts/build-validators.mjs'],
          include: ['simulator/**/*.test.ts', 'scripts/**/*.test.ts', 'interop/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          globalSetup: ['scripts/build-validators.mjs'],
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // one browser at a time: two cores
          fileParallelism: false,
        },
      },
    ],
  },
});
