/**
 * The composition root, and the only module that reads the environment or listens: config,
 * database (opened and migrated), adoption data, i18n, the app, and a graceful shutdown
 * (SIGTERM/SIGINT: stop accepting, finish requests in flight, close the database, exit 0).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { loadAdoptionData } from './adoption-data.js';
import { ConfigError, loadConfig } from './config.js';
import { groupCommit } from './db/group-commit.js';
import { migrate, openDatabase } from './db/open.js';
import { sqlitePlanStamp } from './db/plan-stamp.js';
import { createSqliteStore } from './db/sqlite-store.js';
import { createI18n } from './i18n.js';
import { createApp } from './web/app.js';
import { createPlanner } from './web/planner.js';
import { schedulePurge } from './web/retention.js';

const SHUTDOWN_GRACE_MS = 10_000;

function main(): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`kanal: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const logger = pino({ level: config.LOG_LEVEL, redact: ['req.headers', 'req.url', 'headers'] });
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  } catch (err) {
    // A refused pragma (WAL, synchronous=FULL, secure_delete) or an unopenable file: one line.
    process.stderr.write(`kanal: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const applied = migrate(db);
  const store = groupCommit(db, createSqliteStore(db));
  const i18n = createI18n();
  const adoption = loadAdoptionData();
  const clock = () => new Date();
  const purge = schedulePurge({ store, clock, logger, config });
  const app = createApp({
    store,
    clock,
    randomBytes,
    logger,
    i18n,
    planner: createPlanner(adoption, i18n),
    adoption,
    config,
    planStamp: sqlitePlanStamp(db),
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
        database: config.DATABASE_PATH,
        migrations: applied,
        rateLimits: config.RATE_LIMIT ? 'on' : 'off',
        retentionDays: config.RETENTION_DAYS,
      },
      'Kanal is listening',
    );
  });

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
      void store.close().then(() => {
        logger.info('database closed; bye');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; exiting so the supervisor restarts us');
    process.exit(1);
  });
}

main();
