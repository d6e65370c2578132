/**
 * `npm run bench`: builds (or reuses) a database of BENCH_SIGNALEMENTS generated dossiers, starts the application
 * on 127.0.0.1 (BENCH_WEB_PROCESSES web processes, see web-processes.ts; with one, in this process), loads each scenario with concurrent keep-alive clients (in a worker thread of
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
import { type CpuSample, cpuFigures, sampleCpu, serversCpuFigures } from './cpu.ts';
import { type BenchDatabase, prepareBenchDatabase } from './database.ts';
import { percentile, round1 } from './load.ts';
import { SCENARIOS, scenarioPaths } from './scenarios.ts';
import { startWebProcesses, type WebProcesses } from './web-processes.ts';

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
  const webProcessesWanted = intEnv('BENCH_WEB_PROCESSES', 1, 1, 64);

  const bench: BenchDatabase = await prepareBenchDatabase(databaseUrl, count, log);
  // PGlite lives in this process and has one connection: the application can only run here, in one process.
  const webProcesses = bench.kind === 'pglite' ? 1 : webProcessesWanted;
  if (webProcesses !== webProcessesWanted) {
    log(
      `PGlite : un seul processus web, dans celui du bench (BENCH_WEB_PROCESSES=${webProcessesWanted} ignoré)`,
    );
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'histologe-bench-'));
  const redisPrefix = `histologe-bench:${process.pid}:`;
  const appEnv: Record<string, string | undefined> = {
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
  };
  const config = loadConfig(appEnv, []);
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

  // One web process: the application runs here, as before (figures comparable with earlier runs). Several:
  // separate processes (src/main.ts --role=web) with the same settings, this one keeping only the database
  // handle and the session store (preparation, rate-limit resets).
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let web: WebProcesses | undefined;
  let origins: URL[];
  const sessions = runtime.state.kind === 'redis' ? 'Redis' : 'PostgreSQL';
  const connections =
    runtime.database.kind === 'pglite'
      ? 'PGlite, une connexion'
      : `pool de ${config.databasePoolSize} connexions`;
  try {
    if (webProcesses === 1) {
      app = await buildApp(runtime);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      origins = [new URL(`http://127.0.0.1:${port}`)];
      log(
        `Application à l'écoute sur ${origins[0]!.origin} (${config.env}, sessions dans ${sessions}, ${connections})`,
      );
    } else {
      log(
        `Démarrage de ${webProcesses} processus web (${config.env}, sessions dans ${sessions}, ${connections} chacun)…`,
      );
      const childEnv = Object.fromEntries(
        Object.entries({ ...appEnv, APP_URL: config.appUrl }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      );
      web = await startWebProcesses(webProcesses, childEnv, dataDir, log);
      origins = web.origins;
    }
  } catch (err) {
    await app?.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  const rss = { start: process.memoryUsage.rss(), peak: 0, webStart: web?.rssBytes() ?? 0, webPeak: 0 };
  rss.peak = rss.start;
  rss.webPeak = rss.webStart;
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
    if (web) rss.webPeak = Math.max(rss.webPeak, web.rssBytes());
  }, 100);
  sampler.unref();

  // The clients run in a worker thread; they are named here by group. Signed-in clients are kept per account
  // and reused by every scenario that runs as that account.
  const pool = ClientPool.start(origins, 10_000);
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
  // CPU of the measured window: sampled when the worker says the warm-up is over, and when the load ends;
  // the web processes sample their own main thread when asked (over IPC).
  let windowStart: CpuSample | undefined;
  let webWindowStart: Promise<(CpuSample | null)[]> | undefined;
  const onMeasuring = () => {
    windowStart = sampleCpu();
    webWindowStart = web?.sample();
  };
  const figures = async (from: CpuSample | undefined, to: CpuSample, requests: number) => {
    if (!from) return { serverCpuMsPerRequest: null, serverElu: null, machineCpu: null };
    if (!web) return cpuFigures(from, to, requests);
    const [starts, ends] = await Promise.all([webWindowStart!, web.sample()]);
    return serversCpuFigures(
      starts.map((s, i) => ({ from: s, to: ends[i] ?? null })),
      { from, to },
      requests,
    );
  };

  const results = [];
  let failed = false;
  try {
    for (const s of scenarios) {
      const load = { warmupMs: warmupS * 1000, durationMs: durationS * 1000, maxRequests };
      let r: RemoteLoadResult;
      let windowEnd: CpuSample;
      let cpu: Awaited<ReturnType<typeof figures>>;
      windowStart = undefined;
      webWindowStart = undefined;
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
          // Sampled now, before the cleanup's queries.
          cpu = await figures(windowStart, windowEnd, r.requests);
        } finally {
          if (s.cleanup) await s.cleanup({ db });
        }
      } else {
        const clients = await clientsFor(s.as);
        const paths = await scenarioPaths(s, { db });
        log(`Scénario ${s.name} : ${warmupS} s d'échauffement, ${durationS} s de mesure…`);
        r = await pool.run(clients, paths, load, { onMeasuring });
        windowEnd = sampleCpu();
        cpu = await figures(windowStart, windowEnd, r.requests);
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
        ...cpu,
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
            : `, serveur ${row.serverCpuMsPerRequest} ms CPU/req` +
              (row.serverElu === null ? '' : ` (occupé ${Math.round(row.serverElu * 100)} %)`)) +
          (row.clientCpuMsPerRequest === null ? '' : `, clients ${row.clientCpuMsPerRequest} ms CPU/req`) +
          (row.machineCpu === null ? '' : `, machine ${Math.round(row.machineCpu * 100)} %`) +
          (r.errors ? `, ${r.errors} ERREURS (première : ${r.firstError})` : ''),
      );
    }
  } finally {
    clearInterval(sampler);
    rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
    if (web) rss.webPeak = Math.max(rss.webPeak, web.rssBytes());
    await pool.close();
    await app?.close();
    await web?.close();
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
    webProcesses,
    durationS,
    concurrency,
    scenarios: results,
    rssMB: {
      start: mb(rss.start),
      peak: mb(rss.peak),
      end: mb(rssEnd),
      webProcessesMB: web ? mb(rss.webPeak) : null,
    },
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
