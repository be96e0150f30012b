import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    // Tests never read or write the user's fragment cache (src/spec/fragment-cache.ts).
    env: { PERFCTL_CACHE_DIR: 'off' },
    hookTimeout: 120_000,
  },
});
