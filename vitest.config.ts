import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Projects:
// - `unit`: every test that runs in process (no browser, no server process of its own), with the
//   long suites in their quick size (`npm test`, under 90 s on the 2-core machine);
// - `soak`: the long suites in full (fuzz corpora, the XSS corpus, the render property, the
//   domain properties at 1,000+ runs) and the suites that drive the real server process (crash
//   cycles, shutdown, `npm start` signals, start-up refusals, the web benchmark harness)
//   (`npm run test:soak`, also run by `npm run check` and CI);
// - `browser`: real Chromium through playwright-core (`npm run test:browser`);
// - `pg`: the PostgreSQL store and app (TEST_DATABASE_URL, `npm run test:pg`);
// - `multi`: three instances behind nginx (`npm run test:multi`).

/** Suites whose size depends on KANAL_SOAK (test/security/soak.ts): quick in unit, full in soak. */
const SIZED_SUITES = [
  'test/security/render-property.test.ts',
  'test/i18n/pages.test.ts',
  'test/domain/plan.properties.test.ts',
  'test/domain/poll.test.ts',
  'test/domain/poll-plan.test.ts',
  'test/domain/evidence.test.ts',
  'test/domain/what-would-change.test.ts',
  'test/domain/client-list.test.ts',
  'test/domain/engine-speed.test.ts',
  'test/web/change-keeps-answers.test.ts',
];

/**
 * The attack corpora: soak only. Their quick samples (8 XSS payloads, 40 fuzz bodies a route)
 * took 13 s of `npm test`'s 2-core time and found nothing the full run does not.
 */
const CORPUS_SUITES = ['test/security/fuzz.test.ts', 'test/security/xss.test.ts'];

/** Suites that start the real server or CLI process (or several): soak only. */
const PROCESS_SUITES = [
  'test/totals.test.ts',
  'test/perf/lazy-pg.test.ts',
  'test/durability/crash.test.ts',
  'test/durability/shutdown.test.ts',
  'test/durability/npm-start.test.ts',
  'test/durability/startup-process.test.ts',
  'test/bench-web.test.ts',
  'test/web/server-process.test.ts',
  'test/cli-process.test.ts',
];

export default defineConfig({
  test: {
    // Every core: vitest 4's own default ran one file at a time on the 2-core machine (two 4 s
    // files took 8.5 s; with this, 4.5 s). Projects that must not overlap say fileParallelism: false.
    maxWorkers: availableParallelism(),
    projects: [
      {
        test: {
          name: 'unit',
          // One module graph per worker for all its files: importing the app, the locales and the
          // data once per worker rather than once per file halves the CPU `npm test` takes (user
          // time 194 s -> 106 s on the 2-core machine). Test files must therefore not rely on a
          // fresh module state: they build their own app (test/helpers/app.ts) and store.
          isolate: false,
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/pg/**', 'test/multi/**', ...CORPUS_SUITES, ...PROCESS_SUITES],
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'soak',
          environment: 'node',
          include: [...SIZED_SUITES, ...CORPUS_SUITES, ...PROCESS_SUITES],
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
