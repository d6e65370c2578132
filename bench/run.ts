/**
 * `npm run bench`: builds (or reuses) a database of BENCH_SIGNALEMENTS generated dossiers, starts the application
 * in this process on 127.0.0.1, loads each scenario with concurrent keep-alive clients (in a worker thread of
 * their own, see client-pool.ts) and prints the results as JSON on stdout (progress goes to stderr). It measures
 * and never asserts: a missed target still exits 0; a scenario with errors exits 1. See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../scripts/seed-demo.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { ClientPool, type RemoteLoadResult } from './client-pool.ts';
import { type CpuSample, cpuFigures, sampleCpu } from './cpu.ts';
import { type BenchDatabase, prepareBenchDatabase } from './database.ts';
import { percentile, round1 } from './load.ts';
import { SCENARIOS, scenarioPaths } from './scenarios.ts';

const log = (m: string) => process.stderr.write(`${m}\n`);

function intEnv(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} = "${raw}" : nombre entier attendu entre ${min} et ${max}`);
  }
  return n;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<number> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const count = intEnv('BENCH_SIGNALEMENTS', 100_000, 0, 5_000_000);
  const durationS = intEnv('BENCH_DURATION_S', 10, 1, 600);
  const warmupS = intEnv('BENCH_WARMUP_S', 2, 0, 60);
  const concurrency = intEnv('BENCH_CONCURRENCY', 10, 1, 200);
  const maxRequests = intEnv('BENCH_MAX_REQUESTS', 500_000, 1, 10_000_000);
  const only = (process.env.BENCH_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`BENCH_SCENARIOS : scénario inconnu ${unknown.join(', ')}`);
  const scenarios = only.length ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
  const redisUrl = process.env.REDIS_URL || undefined;

  const bench: BenchDatabase = await prepareBenchDatabase(databaseUrl, count, log);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'histologe-bench-'));
  const redisPrefix = `histologe-bench:${process.pid}:`;
  const config = loadConfig(
    {
      // Production settings, except where the embedded database forbids them.
      NODE_ENV: bench.kind === 'postgres' ? 'production' : 'development',
      DATA_DIR: dataDir,
      DATABASE_URL: bench.url,
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
      LOG_LEVEL: 'silent',
      JOBS_ENABLE: 'false',
      SEED_DEMO: 'false',
      GEOCODER_URL: 'http://127.0.0.1:9',
    },
    [],
  );
  const runtime = await openRuntime(config, {
    database: bench.database,
    migrate: false,
    referenceData: false,
    jobs: false,
  });
  const db = runtime.database.db;
  // The bench database is ours: start without the sessions and counters of an earlier run.
  await sql`delete from http_session`.execute(db);
  await sql`delete from rate_limit`.execute(db);

  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const origin = new URL(`http://127.0.0.1:${port}`);
  log(
    `Application à l'écoute sur ${origin.origin} (${config.env}, sessions dans ${runtime.state.kind === 'redis' ? 'Redis' : 'PostgreSQL'}, ` +
      `${runtime.database.kind === 'pglite' ? 'PGlite, une connexion' : `pool de ${config.databasePoolSize} connexions`})`,
  );

  const rss = { start: process.memoryUsage.rss(), peak: 0 };
  rss.peak = rss.start;
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
  }, 100);
  sampler.unref();

  // The clients run in a worker thread; they are named here by group. Signed-in clients are kept per account
  // and reused by every scenario that runs as that account.
  const pool = ClientPool.start(origin, 10_000);
  const signedIn = new Map<string, number>();
  const clientsFor = async (email: string | undefined): Promise<number> => {
    if (!email) return pool.open(concurrency, false);
    let group = signedIn.get(email);
    if (group === undefined) {
      // Each sign-in counts against the per-address limit of the form (rate-limit-store.ts builds this key);
      // all the bench's clients come from 127.0.0.1, so start each account's batch from a clean counter.
      await runtime.state.rateLimiter.reset('http:POST:/connexion:127.0.0.1');
      const t = performance.now();
      group = await pool.open(concurrency, true);
      await pool.signIn(group, email, DEMO_PASSWORD);
      log(`  ${concurrency} sessions ouvertes pour ${email} en ${Math.round(performance.now() - t)} ms`);
      signedIn.set(email, group);
    }
    return group;
  };
  // CPU of the measured window: sampled when the worker says the warm-up is over, and when the load ends.
  let windowStart: CpuSample | undefined;
  const onMeasuring = () => {
    windowStart = sampleCpu();
  };

  const results = [];
  let failed = false;
  try {
    for (const s of scenarios) {
      const load = { warmupMs: warmupS * 1000, durationMs: durationS * 1000, maxRequests };
      let r: RemoteLoadResult;
      let windowEnd: CpuSample;
      windowStart = undefined;
      if ('posts' in s) {
        // Visitors of the public form: a session each (for the CSRF token), the same address for all.
        const visitors = await pool.open(concurrency, true);
        await pool.csrfTokens(visitors, s.csrfFrom);
        const posts = await s.posts({ db, concurrency, maxRequests });
        const limits = s.resetLimits ?? [];
        log(
          `Scénario ${s.name} : ${posts.length} formulaires prêts, ${warmupS} s d'échauffement, ${durationS} s de mesure…`,
        );
        try {
          r = await pool.run(
            visitors,
            posts.map((p) => ({ method: 'POST' as const, ...p })),
            { ...load, once: s.once, csrf: true },
            {
              onMeasuring,
              // Runs here, where the database is, when the worker asks for it before each request.
              before: limits.length
                ? async () => {
                    for (const key of limits) await runtime.state.rateLimiter.reset(key);
                  }
                : undefined,
            },
          );
          windowEnd = sampleCpu();
        } finally {
          if (s.cleanup) await s.cleanup({ db });
        }
      } else {
        const clients = await clientsFor(s.as);
        const paths = await scenarioPaths(s, { db });
        log(`Scénario ${s.name} : ${warmupS} s d'échauffement, ${durationS} s de mesure…`);
        r = await pool.run(clients, paths, load, { onMeasuring });
        windowEnd = sampleCpu();
      }
      const lat = Array.from(r.latenciesMs.sort());
      const p95 = round1(percentile(lat, 0.95));
      const target = s.target_p95_ms ?? null;
      const row = {
        name: s.name,
        requests: r.requests,
        errors: r.errors,
        rps: round1(r.requests / (r.elapsedMs / 1000)),
        p50: round1(percentile(lat, 0.5)),
        p95,
        p99: round1(percentile(lat, 0.99)),
        max: round1(lat.at(-1) ?? 0),
        target_p95_ms: target,
        ok: target === null ? null : p95 <= target,
        ...(windowStart
          ? cpuFigures(windowStart, windowEnd, r.requests)
          : { serverCpuMsPerRequest: null, serverElu: null, machineCpu: null }),
        clientCpuMsPerRequest:
          r.clientCpuMs === null || !r.requests ? null : Math.round((r.clientCpuMs / r.requests) * 100) / 100,
      };
      results.push(row);
      if (r.errors) failed = true;
      log(
        `  ${row.requests} requêtes, ${row.rps} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms, p99 ${row.p99} ms` +
          (target === null ? '' : ` (cible p95 ${target} ms : ${row.ok ? 'tenue' : 'MANQUÉE'})`) +
          (row.serverCpuMsPerRequest === null
            ? ''
            : `, serveur ${row.serverCpuMsPerRequest} ms CPU/req (occupé ${Math.round((row.serverElu ?? 0) * 100)} %)`) +
          (row.clientCpuMsPerRequest === null ? '' : `, clients ${row.clientCpuMsPerRequest} ms CPU/req`) +
          (row.machineCpu === null ? '' : `, machine ${Math.round(row.machineCpu * 100)} %`) +
          (r.errors ? `, ${r.errors} ERREURS (première : ${r.firstError})` : ''),
      );
    }
  } finally {
    clearInterval(sampler);
    rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
    await pool.close();
    await app.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (redisUrl) await dropRedisKeys(redisUrl, redisPrefix).catch(() => {});
  }
  const rssEnd = process.memoryUsage.rss();

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: os.cpus().length, memGB: round1(os.totalmem() / 1024 ** 3) },
    database: {
      kind: bench.kind,
      version: bench.version,
      signalements: bench.signalements,
      affectations: bench.affectations,
      suivis: bench.suivis,
      generationSeconds: bench.generationSeconds,
      reused: bench.reused,
    },
    redis: Boolean(redisUrl),
    durationS,
    concurrency,
    scenarios: results,
    rssMB: { start: mb(rss.start), peak: mb(rss.peak), end: mb(rssEnd) },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return failed ? 1 : 0;
}

/** Sessions and counters of this run, under its own prefix (they would expire anyway). */
async function dropRedisKeys(url: string, prefix: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(`Le bench a échoué : ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
