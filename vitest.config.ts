import { defineConfig } from 'vitest/config';

// Projects: `unit` (everything that needs no browser, run by `npm test`), `browser` (real
// Chromium through playwright-core, run by `npm run test:browser`), `pg` (PostgreSQL, TEST_DATABASE_URL,
// `npm run test:pg`) and `multi` (three instances behind nginx, `npm run test:multi`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/pg/**', 'test/multi/**'],
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'pg',
          environment: 'node',
          include: ['test/pg/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'multi',
          environment: 'node',
          include: ['test/multi/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
