import type { Config } from './config.ts';
import { createCommuneLookup } from './features/territoires/communes.repository.ts';
import { type Database, openDatabase } from './infra/db/database.ts';
import { migrateToLatest } from './infra/db/migrate.ts';
import { loadReferenceData } from './infra/db/reference-data.ts';
import { createGeocoder, type Geocoder } from './infra/geocoder.ts';
import { createJobQueue, type JobQueue, type JobsLogger } from './infra/jobs.ts';
import { createMailer, type Mailer } from './infra/mailer.ts';
import { createPostgresStateStore, createRedisStateStore, type StateStore } from './infra/state-store.ts';
import { createFileStorage, type FileStorage } from './infra/storage.ts';

export interface Runtime {
  config: Config;
  database: Database;
  state: StateStore;
  mailer: Mailer;
  storage: FileStorage;
  geocoder: Geocoder;
  jobs?: JobQueue;
  close(): Promise<void>;
}

type Log = (msg: string) => void;

/**
 * Opens every infrastructure port from the configuration, applies migrations and loads reference data.
 * Shared by the server, the worker, the scripts and the tests, so that they all wire things the same way.
 */
export async function openRuntime(
  config: Config,
  opts: {
    log?: Log;
    migrate?: boolean;
    referenceData?: boolean;
    jobs?: boolean;
    /** An already opened database (tests). */
    database?: Database;
    /** A file storage to use instead of the configured one (tests). */
    storage?: FileStorage;
    /** Structured logger for the job queue and the geocoder (pino in the server). */
    logger?: JobsLogger;
  } = {},
): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  const database =
    opts.database ?? (await openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize }));
  const closers: (() => Promise<void>)[] = [];
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrateToLatest(database.db);
      if (applied.length) log(`Migrations appliquées : ${applied.join(', ')}`);
    }
    if (opts.referenceData !== false) await loadReferenceData(database.db, { log });

    const state = config.redisUrl
      ? createRedisStateStore(config.redisUrl, {
          sessionTtlMs: config.sessionMaxAgeMs,
          prefix: config.redisPrefix,
        })
      : createPostgresStateStore(database.db, { sessionTtlMs: config.sessionMaxAgeMs });
    closers.push(() => state.close());
    const mailer = createMailer(config.mail);
    closers.push(() => mailer.close());
    const storage = opts.storage ?? createFileStorage(config.storage);
    const geocoder = createGeocoder(config.geocoder, createCommuneLookup(database.db), {
      logger: opts.logger,
    });

    let jobs: JobQueue | undefined;
    if (opts.jobs !== false && config.jobsEnabled) {
      // Maintenance and the cron clock run where jobs are worked, not in web-only processes.
      const working = config.role !== 'web';
      jobs = createJobQueue(database, { logger: opts.logger, supervise: working, schedule: working });
      await jobs.start();
      closers.push(() => jobs!.stop({ graceful: true, timeoutMs: 10_000 }));
    }

    return {
      config,
      database,
      state,
      mailer,
      storage,
      geocoder,
      jobs,
      async close() {
        for (const c of closers.reverse()) await c().catch(() => {});
        await database.close();
      },
    };
  } catch (err) {
    for (const c of closers.reverse()) await c().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}
