import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from './db/database.ts';
import { createJobQueue, type Job, type JobQueue, type JobQueueOptions, poolExecutor } from './jobs.ts';

const FAST: JobQueueOptions = { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1 };

async function waitFor(pred: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Engine {
  name: string;
  open(): Promise<{ database: Database; cleanup(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'PGlite (memory)',
    async open() {
      const database = await openDatabase('pglite://memory://');
      return { database, cleanup: () => database.close() };
    },
  },
];

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
if (testDatabaseUrl) {
  engines.push({
    name: 'PostgreSQL',
    async open() {
      const dbName = `histologe_jobs_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(testDatabaseUrl);
      url.pathname = `/${dbName}`;
      const database = await openDatabase(url.toString(), { poolSize: 4 });
      return {
        database,
        async cleanup() {
          await database.close();
          await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
          await admin.end();
        },
      };
    },
  });
}

async function jobRows(db: Kysely<any>, name: string) {
  const res = await sql<{
    state: string;
    retry_count: number;
    retry_limit: number;
    retry_delay: number;
    retry_backoff: boolean;
    data: unknown;
  }>`
    SELECT state, retry_count, retry_limit, retry_delay, retry_backoff, data FROM pgboss.job WHERE name = ${name}
  `.execute(db.withoutPlugins());
  return res.rows;
}

describe('jobs (pg-boss on the shared pool)', () => {
  for (const engine of engines) {
    describe(engine.name, () => {
      let database: Database;
      let cleanup: () => Promise<void>;
      const queues: JobQueue[] = [];
      const newQueue = async (opts: JobQueueOptions = {}) => {
        const q = createJobQueue(database, { ...FAST, ...opts });
        queues.push(q);
        await q.start();
        return q;
      };

      before(async () => {
        ({ database, cleanup } = await engine.open());
      });
      after(async () => {
        for (const q of queues) await q.stop({ graceful: false });
        await cleanup();
      });

      test('several instances starting at once on a fresh database all come up', async () => {
        // Like N workers booting together: pg-boss's schema creation races and must be tolerated.
        const [a, b, c] = await Promise.all([newQueue(), newQueue(), newQueue()]);
        for (const q of [a!, b!, c!]) assert.equal(await q.health(), true);
      });

      test('a job sent is processed, with retry defaults 3 and backoff', async () => {
        const jobs = await newQueue();
        assert.equal(await jobs.health(), true);
        const seen: Job<{ signalementId: string }>[] = [];
        await jobs.work<{ signalementId: string }>('test-process', async (job) => {
          seen.push(job);
        });
        const id = await jobs.send('test-process', { signalementId: 'abc' });
        assert.ok(id);
        await waitFor(() => seen.length === 1);
        assert.equal(seen[0]!.id, id);
        assert.deepEqual(seen[0]!.data, { signalementId: 'abc' });
        assert.equal(seen[0]!.retryCount, 0);
        assert.equal(seen[0]!.retryLimit, 3);
        await waitFor(async () => (await jobRows(database.db, 'test-process'))[0]?.state === 'completed');
        const [row] = await jobRows(database.db, 'test-process');
        assert.equal(row!.retry_limit, 3);
        assert.equal(row!.retry_backoff, true);
        assert.equal(row!.retry_delay, 1);
      });

      test('a job failing once is retried', async () => {
        const jobs = await newQueue();
        const attempts: number[] = [];
        await jobs.work('test-retry', async (job) => {
          attempts.push(job.retryCount);
          if (job.retryCount === 0) throw new Error('relais SMTP indisponible');
        });
        // No delay here to keep the test short; the backoff defaults are checked above.
        await jobs.send('test-retry', { n: 1 }, { retryDelaySeconds: 0, retryBackoff: false });
        await waitFor(() => attempts.length === 2);
        assert.deepEqual(attempts, [0, 1]);
        await waitFor(async () => (await jobRows(database.db, 'test-retry'))[0]?.state === 'completed');
      });

      test('enqueue inside a transaction: rollback leaves no job, commit enqueues', async () => {
        const jobs = await newQueue();
        // A queue never used before: on PGlite it must be created on the transaction itself.
        await assert.rejects(
          database.db.transaction().execute(async (trx) => {
            const id = await jobs.send('test-trx', { step: 'rolled back' }, { trx });
            assert.ok(id, 'the job is visible inside the transaction');
            assert.equal((await jobRows(trx, 'test-trx')).length, 1);
            throw new Error('annulation métier');
          }),
          /annulation métier/,
        );
        assert.deepEqual(await jobRows(database.db, 'test-trx'), []);

        await database.db.transaction().execute(async (trx) => {
          await sql`SELECT 1`.execute(trx);
          await jobs.send('test-trx', { step: 'committed' }, { trx });
        });
        const rows = await jobRows(database.db, 'test-trx');
        assert.equal(rows.length, 1);
        assert.deepEqual(rows[0]!.data, { step: 'committed' });

        const seen: unknown[] = [];
        await jobs.work('test-trx', async (job) => {
          seen.push(job.data);
        });
        await waitFor(() => seen.length === 1);
        assert.deepEqual(seen, [{ step: 'committed' }]);
      });

      test('graceful stop waits for the running handler and its completion', async () => {
        const jobs = createJobQueue(database, FAST);
        await jobs.start();
        let started = false;
        let finished = false;
        await jobs.work('test-stop', async () => {
          started = true;
          await new Promise((r) => setTimeout(r, 800));
          finished = true;
        });
        await jobs.send('test-stop', {});
        await waitFor(() => started);
        await jobs.stop({ graceful: true, timeoutMs: 5000 });
        assert.equal(finished, true);
        assert.equal((await jobRows(database.db, 'test-stop'))[0]?.state, 'completed');
        assert.equal(await jobs.health(), false);
        await assert.rejects(jobs.send('test-stop', {}), /non démarrée/);
      });

      test('schedule stores the cron with the Paris timezone by default', async () => {
        const jobs = await newQueue({ schedule: false });
        await jobs.schedule('test-cron', '45 5 * * *', { kind: 'daily' });
        await jobs.schedule('test-cron-utc', '0 * * * *', undefined, { tz: 'UTC' });
        const { rows } = await sql<{ name: string; cron: string; timezone: string }>`
          SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name
        `.execute(database.db.withoutPlugins());
        assert.deepEqual(rows, [
          { name: 'test-cron', cron: '45 5 * * *', timezone: 'Europe/Paris' },
          { name: 'test-cron-utc', cron: '0 * * * *', timezone: 'UTC' },
        ]);
      });

      test('a failing statement leaves the shared connection usable', async () => {
        const jobs = await newQueue({ queues: ['test-bad'] });
        // A parameterised statement failing on the server (invalid interval).
        await assert.rejects(jobs.send('test-bad', {}, { startAfter: 'demain matin' }));
        assert.ok(await jobs.send('test-bad', {}));

        const exec = poolExecutor(database);
        await assert.rejects(exec.executeSql('SELECT 1/$1::int AS x', [0]), /division by zero/);
        // The shape pg-boss uses for maintenance: one string with its own transaction.
        await assert.rejects(exec.executeSql('BEGIN; SELECT 1/0; COMMIT;'), /division by zero/);
        assert.deepEqual((await exec.executeSql('SELECT 2 AS x')).rows, [{ x: 2 }]);
        const { rows } = await sql<{ y: number }>`SELECT 3 AS y`.execute(database.db);
        assert.deepEqual(rows, [{ y: 3 }]);
      });

      if (engine.name === 'PostgreSQL') {
        test('pg-boss opens no connection of its own', async () => {
          await newQueue();
          const { rows } = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'pgboss'
          `.execute(database.db);
          assert.equal(rows[0]!.n, 0);
        });
      }
    });
  }
});
