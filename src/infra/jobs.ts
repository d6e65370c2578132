import { CompiledQuery, type Transaction } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';

/**
 * Background jobs and cron on pg-boss 10, inside the application database.
 *
 * pg-boss never opens a pool of its own: every statement goes through the application's pool (PGlite accepts
 * a single connection), and `send({ trx })` runs the insert on the caller's transaction, so a job exists only
 * if the business change that caused it was committed.
 */

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

export type JobHandler<T = any> = (job: Job<T>) => Promise<void>;

export interface SendOptions {
  /** Enqueue inside this Kysely transaction: a rollback discards the job. */
  trx?: Transaction<any>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A Date, a delay in seconds, or an ISO string. */
  startAfter?: Date | number | string;
  /** With `singletonSeconds`, at most one job per key and time slot; alone, per-queue policy applies. */
  singletonKey?: string;
  singletonSeconds?: number;
  priority?: number;
  expireInSeconds?: number;
}

export interface WorkOptions {
  /** Parallel handlers in this process (one polling loop each). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export interface JobQueue {
  start(): Promise<void>;
  send<T extends object>(name: string, data: T, opts?: SendOptions): Promise<string | null>;
  work<T = any>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  schedule(name: string, cron: string, data?: object, opts?: { tz?: string }): Promise<void>;
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  health(): Promise<boolean>;
}

export interface JobsLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobQueueOptions {
  /** PostgreSQL schema of pg-boss tables. */
  schema?: string;
  /** Queues created at start (others are created on first use). */
  queues?: string[];
  /** Default worker polling interval (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  retryLimit?: number;
  /** Base delay; with backoff, attempt n waits between delay·2^(n-1) and delay·2^n seconds. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** Maintenance (expire, archive, purge): on in worker processes, off in web-only ones. */
  supervise?: boolean;
  /** Runs the cron clock in this process. */
  schedule?: boolean;
  maintenanceIntervalSeconds?: number;
  /** Default timezone of cron expressions: our users read times in Paris time. */
  timezone?: string;
  logger?: JobsLogger;
}

interface SharedDatabase {
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
}

type BossDb = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };

const silentLogger: JobsLogger = { debug() {}, info() {}, warn() {}, error() {} };

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs pg-boss statements on the shared pool. Not `pool.query()`: on any error it destroys the client,
 * and with PGlite the client wraps the one and only connection, which then stays broken (protocol desync).
 */
export function poolExecutor(db: SharedDatabase) {
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  async function run(text: string, values?: unknown[]): Promise<any> {
    const client = await db.pool.connect();
    let broken: Error | undefined;
    try {
      // Returned as pg returns it (an array of results for a multi-statement string), like pg-boss's own pool.
      return await client.query(text, values as any[] | undefined);
    } catch (err) {
      if (isServerError(err)) {
        // pg-boss sends "BEGIN; …; COMMIT;" as one string for maintenance and migrations. When a statement
        // fails the session stays inside an aborted transaction, which would poison the shared pool.
        if (/\bBEGIN\b/i.test(text)) {
          await client.query('ROLLBACK').catch((e: Error) => {
            broken = e;
          });
        }
      } else {
        broken = err as Error;
      }
      throw err;
    } finally {
      // PGlite's client is the single connection: never let the pool destroy it.
      client.release(db.kind === 'pglite' ? undefined : broken);
    }
  }
  return {
    executeSql(text: string, values?: unknown[]): Promise<any> {
      // After stop(), pg-boss can still fire a statement (a completion it does not await, a timer); the pool
      // may be closed by then, and its rejection would be unhandled. Nothing it does then matters: the job
      // was either completed or failed by the shutdown, and a failed job is retried by another worker.
      if (closed) return Promise.resolve({ rows: [] });
      const p = run(text, values);
      inFlight.add(p);
      p.then(
        () => inFlight.delete(p),
        () => inFlight.delete(p),
      );
      return p;
    },
    get pending() {
      return inFlight.size;
    },
    async drain() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed = true;
    },
  };
}

/**
 * An error reported by the server (SQLSTATE code), as opposed to a broken connection. Checked by shape: the
 * PGlite adapter raises its own error class, not pg's DatabaseError.
 */
function isServerError(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return true;
  const e = err as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

function transactionDb(trx: Transaction<any>): BossDb {
  // Without plugins: the app's CamelCasePlugin must not rename pg-boss's columns.
  const raw = trx.withoutPlugins();
  return {
    async executeSql(text, values = []) {
      const res = await raw.executeQuery(CompiledQuery.raw(text, values));
      return { rows: res.rows as any[] };
    },
  };
}

function toBossSendOptions(opts: SendOptions): PgBoss.SendOptions {
  const out: PgBoss.SendOptions = {};
  if (opts.retryLimit !== undefined) out.retryLimit = opts.retryLimit;
  if (opts.retryDelaySeconds !== undefined) out.retryDelay = opts.retryDelaySeconds;
  if (opts.retryBackoff !== undefined) out.retryBackoff = opts.retryBackoff;
  if (opts.startAfter !== undefined) out.startAfter = opts.startAfter;
  if (opts.singletonKey !== undefined) out.singletonKey = opts.singletonKey;
  if (opts.singletonSeconds !== undefined) out.singletonSeconds = opts.singletonSeconds;
  if (opts.priority !== undefined) out.priority = opts.priority;
  if (opts.expireInSeconds !== undefined) out.expireInSeconds = opts.expireInSeconds;
  return out;
}

export class PgBossJobQueue implements JobQueue {
  private readonly boss: PgBoss;
  private readonly executor: ReturnType<typeof poolExecutor>;
  private readonly logger: JobsLogger;
  private readonly schema: string;
  private readonly timezone: string;
  private readonly pollingIntervalSeconds: number;
  private readonly bossDefaults: PgBoss.ConstructorOptions;
  private readonly declaredQueues: string[];
  private readonly queues = new Map<string, Promise<void>>();
  private state: 'idle' | 'starting' | 'started' | 'stopping' | 'stopped' = 'idle';
  private runningHandlers = 0;
  private starting?: Promise<void>;

  constructor(
    private readonly database: SharedDatabase,
    opts: JobQueueOptions = {},
  ) {
    this.logger = opts.logger ?? silentLogger;
    this.schema = opts.schema ?? 'pgboss';
    this.timezone = opts.timezone ?? 'Europe/Paris';
    this.pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
    this.declaredQueues = opts.queues ?? [];
    this.executor = poolExecutor(database);
    this.bossDefaults = {
      schema: this.schema,
      retryLimit: opts.retryLimit ?? 3,
      retryDelay: opts.retryDelaySeconds ?? 30,
      retryBackoff: opts.retryBackoff ?? true,
    };
    this.boss = new PgBoss({
      ...this.bossDefaults,
      db: this.executor as PgBoss.Db,
      supervise: opts.supervise ?? true,
      schedule: opts.schedule ?? true,
      // Maintenance runs as one locked statement on whichever connection it gets: fine with one connection.
      // No state monitoring (a count over all jobs every few seconds is not worth it).
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 120,
      pollingIntervalSeconds: this.pollingIntervalSeconds,
    });
    // Without a listener an 'error' event would crash the process.
    this.boss.on('error', (err: Error & { queue?: string }) => {
      this.logger.error({ err: err.message, queue: err.queue }, 'Erreur de la file de tâches');
    });
  }

  /** Creates or migrates pg-boss's schema, then starts maintenance and cron as configured. Idempotent. */
  start(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') {
      return Promise.reject(new Error('File de tâches arrêtée : créez-en une nouvelle pour redémarrer.'));
    }
    this.starting ??= (async () => {
      this.state = 'starting';
      try {
        await this.boss.start();
      } catch (err) {
        // Let a later call try again (e.g. the database was still booting).
        this.state = 'idle';
        this.starting = undefined;
        throw err;
      }
      this.state = 'started';
      for (const name of this.declaredQueues) await this.ensureQueue(name);
    })();
    return this.starting;
  }

  private assertRunning(): void {
    if (this.state !== 'started') {
      throw new Error('File de tâches non démarrée : appelez start() (ou elle est en cours d’arrêt).');
    }
  }

  private ensureQueue(name: string): Promise<void> {
    let p = this.queues.get(name);
    if (!p) {
      // create_queue is idempotent (ON CONFLICT DO NOTHING): concurrent processes may all call it.
      p = this.boss.createQueue(name);
      this.queues.set(name, p);
      p.catch(() => this.queues.delete(name));
    }
    return p;
  }

  async send<T extends object>(name: string, data: T, opts: SendOptions = {}): Promise<string | null> {
    this.assertRunning();
    const options = toBossSendOptions(opts);
    if (!opts.trx) {
      await this.ensureQueue(name);
      return this.boss.send(name, data, options);
    }
    const db = transactionDb(opts.trx);
    if (!this.queues.has(name)) {
      if (this.database.kind === 'pglite') {
        // The transaction holds the only connection: creating the queue through the pool would wait forever.
        // Create it on the transaction instead; not cached, since a rollback would undo it.
        const local = new PgBoss({
          ...this.bossDefaults,
          db,
          supervise: false,
          schedule: false,
          migrate: false,
        });
        await local.createQueue(name);
      } else {
        await this.ensureQueue(name);
      }
    }
    return this.boss.send(name, data, { ...options, db });
  }

  async work<T = any>(name: string, handler: JobHandler<T>, opts: WorkOptions = {}): Promise<void> {
    this.assertRunning();
    await this.ensureQueue(name);
    const concurrency = Math.max(1, Math.trunc(opts.concurrency ?? 1));
    const workOptions = {
      pollingIntervalSeconds: opts.pollingIntervalSeconds ?? this.pollingIntervalSeconds,
      batchSize: 1,
      includeMetadata: true as const,
    };
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<T>(name, workOptions, async ([job]) => {
        if (!job) return;
        this.runningHandlers++;
        const started = Date.now();
        try {
          await handler({
            id: job.id,
            name: job.name,
            data: job.data,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
          });
          this.logger.debug(
            { queue: name, jobId: job.id, durationMs: Date.now() - started },
            'Tâche terminée',
          );
        } catch (err) {
          // Job data may hold personal data: log identifiers only.
          const last = job.retryCount >= job.retryLimit;
          this.logger[last ? 'error' : 'warn'](
            {
              queue: name,
              jobId: job.id,
              attempt: job.retryCount + 1,
              maxAttempts: job.retryLimit + 1,
              err: (err as Error)?.message,
            },
            last ? 'Tâche en échec définitif' : 'Tâche en échec, nouvel essai prévu',
          );
          throw err;
        } finally {
          this.runningHandlers--;
        }
      });
    }
  }

  async schedule(name: string, cron: string, data?: object, opts: { tz?: string } = {}): Promise<void> {
    this.assertRunning();
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, data ?? {}, { tz: opts.tz ?? this.timezone });
  }

  async stop(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopping';
    const graceful = opts.graceful ?? true;
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    await this.boss.stop({ graceful, timeout: timeoutMs, wait: true, close: false });
    // pg-boss may still have a fetch in flight (its job then runs after stop resolved) and completes jobs
    // without awaiting: wait for our handlers and for every statement, so the caller can close the pool.
    while (graceful && Date.now() < deadline) {
      await this.executor.drain();
      await tick();
      if (this.runningHandlers === 0 && this.executor.pending === 0) break;
      await sleep(20);
    }
    await this.executor.drain();
    this.executor.close();
    this.state = 'stopped';
  }

  async health(): Promise<boolean> {
    if (this.state !== 'started') return false;
    try {
      await this.executor.executeSql(`SELECT version FROM ${this.schema}.version`);
      return true;
    } catch {
      return false;
    }
  }
}

export function createJobQueue(database: SharedDatabase, opts: JobQueueOptions = {}): JobQueue {
  return new PgBossJobQueue(database, opts);
}
