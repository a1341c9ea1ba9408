/**
 * The composition root, and the only module that reads the environment or listens: config,
 * database (opened and migrated), adoption data, i18n, the app, and a graceful shutdown
 * (SIGTERM/SIGINT: stop accepting, finish requests in flight, close the database, exit 0).
 */
import type { Server } from 'node:http';
import { pino } from 'pino';
import { loadAdoptionData } from './adoption-data.js';
import { ConfigError, loadConfig } from './config.js';
import { type OpenedStore, openStore } from './db/select.js';
import { message } from './domain/message.js';
import { createI18n, SaidError } from './i18n.js';
import { type PlanThreads, startPlanThreads } from './plan-threads.js';
import { createPlans } from './plans.js';
import { createPolls } from './polls.js';
import { pooledRandomBytes } from './random-pool.js';
import { createApp } from './web/app.js';
import { answerClientErrors } from './web/client-errors.js';
import { createPlanner } from './web/planner.js';
import { schedulePurge } from './web/retention.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Started by `npm start` (npm sets npm_lifecycle_event), the server lives only as long as npm:
 * the start script execs node, so npm is the parent and forwards SIGTERM/SIGINT; if npm is
 * killed outright (SIGKILL) the server is orphaned, which this notices within a second (npm's pid
 * is gone) and shuts down gracefully. Started directly (systemd, a container), nothing is watched.
 */
function watchParent(env: NodeJS.ProcessEnv, stop: () => void): void {
  if (env.npm_lifecycle_event === undefined) return;
  const parent = process.ppid; // read once at start in Node (not live), so probe the pid
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') return;
      clearInterval(timer);
      stop();
    }
  }, 500);
  timer.unref();
}

async function main(): Promise<void> {
  const i18n = createI18n();
  // What start-up says to the operator is in KANAL_LANG's language, as the commands speak.
  const operator = i18n.operatorTranslator(process.env);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`kanal: ${err.describe(operator.render)}\n`);
      process.exit(1);
    }
    throw err;
  }

  const logger = pino({ level: config.LOG_LEVEL, redact: ['req.headers', 'req.url', 'headers'] });
  let opened: OpenedStore;
  try {
    opened = await openStore(config, (e) => logger.error(e, 'idle database connection failed'));
  } catch (err) {
    // An unusable SQLite file (empty, not SQLite, corrupted, read-only, newer schema), an
    // unreachable or newer PostgreSQL database, a failed migration: one line, no stack trace.
    const line =
      err instanceof SaidError ? operator.render(err.says) : err instanceof Error ? err.message : String(err);
    process.stderr.write(`kanal: ${line}\n`);
    process.exit(1);
  }
  const { store, applied } = opened;
  const adoption = loadAdoptionData();
  const clock = () => new Date();
  // Several 32-byte secrets a request: drawn from a pool filled by the CSPRNG (random-pool.ts).
  const randomBytes = pooledRandomBytes();
  const planner = createPlanner(adoption, i18n);
  // The threads load their data on their own cores while this one starts listening.
  const threads: PlanThreads | undefined =
    config.PLAN_THREADS > 0
      ? startPlanThreads(config.PLAN_THREADS, {
          // A thread that failed outside any task (one that cannot load, after a restart): piscina
          // would leave later creates waiting forever, so exit for the supervisor to restart us,
          // as for an unhandled rejection below.
          onError: (err) => {
            logger.fatal({ err }, 'a planning thread failed; exiting so the supervisor restarts us');
            process.exit(1);
          },
        })
      : undefined;
  threads?.ready.catch((err: unknown) => {
    // No create could be answered: stop as an unusable database does (one line, exit 1).
    const reason = err instanceof Error ? err.message : String(err);
    const says = message('config.plan_threads_failed', { reason, setting: 'PLAN_THREADS=0' });
    process.stderr.write(`kanal: ${operator.render(says)}\n`);
    process.exit(1);
  });
  const purge = schedulePurge({ store, clock, logger, config });
  const app = createApp({
    store,
    clock,
    randomBytes,
    logger,
    i18n,
    planner,
    ...(threads === undefined ? {} : { prepare: threads.prepare }),
    adoption,
    config,
    ...(opened.rateLimitStore === undefined ? {} : { rateLimitStore: opened.rateLimitStore }),
    ...(config.CSRF_SECRETS === undefined ? {} : { csrfSecrets: config.CSRF_SECRETS }),
    ...(opened.planStamp === undefined ? {} : { planStamp: opened.planStamp }),
    ...(opened.pollStore === undefined
      ? {}
      : {
          polls: createPolls({
            store,
            polls: opened.pollStore,
            clock,
            randomBytes,
            planner,
            plans: createPlans({ store, clock, randomBytes, planner, config }),
          }),
        }),
  });

  const server: Server = app.listen(config.PORT, config.HOST, (err?: Error) => {
    if (err) {
      logger.fatal({ err }, 'could not listen');
      process.exit(1);
    }
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
    logger.info(
      {
        port,
        host: config.HOST,
        store: opened.kind,
        database: opened.where,
        migrations: applied,
        rateLimits: config.RATE_LIMIT ? 'on' : 'off',
        retentionDays: config.RETENTION_DAYS,
        planThreads: config.PLAN_THREADS,
      },
      'Kanal is listening',
    );
  });
  // A request Node's parser refuses gets a message, not a blank page (client-errors.ts).
  answerClientErrors(server, i18n);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    purge.stop();
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.warn('requests still open after the grace period; closing them');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      // The threads first: creates they still hold (only after the grace period) then store
      // their plans, in the SQLite group commit's next turn, before the store closes.
      void (threads?.close() ?? Promise.resolve())
        .then(() => new Promise((resolve) => setImmediate(resolve)))
        .then(() => store.close())
        .then(() => {
          logger.info('database closed; bye');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  watchParent(process.env, () => shutdown('parent exited'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; exiting so the supervisor restarts us');
    process.exit(1);
  });
}

await main();
