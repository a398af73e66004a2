import { defineConfig } from 'vitest/config';

// Two cores on the reference machine: two forks, each test file isolated in its own process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
