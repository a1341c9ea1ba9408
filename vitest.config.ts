import { defineConfig } from 'vitest/config';

// Projects:
// - `unit`: everything that needs no browser and no server, with the long suites in their quick
//   size (`npm test`, under 90 s on the 2-core machine);
// - `soak`: the long suites in full (fuzz corpora, the XSS corpus, crash cycles, the render
//   property; `npm run test:soak`, also run by `npm run check` and CI);
// - `browser`: real Chromium through playwright-core (`npm run test:browser`);
// - `pg`: the PostgreSQL store and app (TEST_DATABASE_URL, `npm run test:pg`);
// - `multi`: three instances behind nginx (`npm run test:multi`).
/** The suites whose size depends on KANAL_SOAK (test/security/soak.ts). */
const SOAK_SUITES = [
  'test/security/fuzz.test.ts',
  'test/security/xss.test.ts',
  'test/security/render-property.test.ts',
  'test/durability/crash.test.ts',
];

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
          name: 'soak',
          environment: 'node',
          include: SOAK_SUITES,
          env: { KANAL_SOAK: '1' },
          pool: 'forks',
          testTimeout: 600_000,
          hookTimeout: 60_000,
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
