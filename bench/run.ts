/**
 * `npm run bench`: builds (or reuses) a database of BENCH_SIGNALEMENTS generated dossiers, starts the application
 * in this process on 127.0.0.1, loads each scenario with concurrent keep-alive clients and prints the results as
 * JSON on stdout (progress goes to stderr). It measures and never asserts: a missed target still exits 0; a
 * scenario with errors exits 1. See bench/README.md.
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
import { type BenchDatabase, prepareBenchDatabase } from './database.ts';
import { HttpClient } from './http-client.ts';
import { percentile, round1, runLoad } from './load.ts';
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

  // Signed-in clients are kept per account and reused by every scenario that runs as that account.
  const signedIn = new Map<string, HttpClient[]>();
  const allClients: HttpClient[] = [];
  const newClient = (keepCookies: boolean) => {
    const c = new HttpClient(origin, { keepCookies, timeoutMs: 10_000 });
    allClients.push(c);
    return c;
  };
  const clientsFor = async (email: string | undefined): Promise<HttpClient[]> => {
    if (!email) return Array.from({ length: concurrency }, () => newClient(false));
    let list = signedIn.get(email);
    if (!list) {
      // Each sign-in counts against the per-address limit of the form (rate-limit-store.ts builds this key);
      // all the bench's clients come from 127.0.0.1, so start each account's batch from a clean counter.
      await runtime.state.rateLimiter.reset('http:POST:/connexion:127.0.0.1');
      const t = performance.now();
      list = Array.from({ length: concurrency }, () => newClient(true));
      await Promise.all(list.map((c) => c.signIn(email, DEMO_PASSWORD)));
      log(`  ${concurrency} sessions ouvertes pour ${email} en ${Math.round(performance.now() - t)} ms`);
      signedIn.set(email, list);
    }
    return list;
  };

  const results = [];
  let failed = false;
  try {
    for (const s of scenarios) {
      const load = { warmupMs: warmupS * 1000, durationMs: durationS * 1000, maxRequests };
      let r: Awaited<ReturnType<typeof runLoad>>;
      if ('posts' in s) {
        // Visitors of the public form: a session each (for the CSRF token), the same address for all.
        const clients = Array.from({ length: concurrency }, () => newClient(true));
        const tokens = await Promise.all(clients.map((c) => c.csrfToken(s.csrfFrom)));
        const posts = await s.posts({ db, concurrency, maxRequests });
        const limits = s.resetLimits ?? [];
        log(
          `Scénario ${s.name} : ${posts.length} formulaires prêts, ${warmupS} s d'échauffement, ${durationS} s de mesure…`,
        );
        try {
          r = await runLoad(
            clients,
            posts.map((p) => ({ method: 'POST' as const, ...p })),
            {
              ...load,
              once: s.once,
              formFor: (c) => ({ _csrf: tokens[c]! }),
              before: limits.length
                ? async () => {
                    for (const key of limits) await runtime.state.rateLimiter.reset(key);
                  }
                : undefined,
            },
          );
        } finally {
          if (s.cleanup) await s.cleanup({ db });
        }
      } else {
        const clients = await clientsFor(s.as);
        const paths = await scenarioPaths(s, { db });
        log(`Scénario ${s.name} : ${warmupS} s d'échauffement, ${durationS} s de mesure…`);
        r = await runLoad(clients, paths, load);
      }
      const sorted = Float64Array.from(r.latenciesMs).sort();
      const lat = Array.from(sorted);
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
      };
      results.push(row);
      if (r.errors) failed = true;
      log(
        `  ${row.requests} requêtes, ${row.rps} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms, p99 ${row.p99} ms` +
          (target === null ? '' : ` (cible p95 ${target} ms : ${row.ok ? 'tenue' : 'MANQUÉE'})`) +
          (r.errors ? `, ${r.errors} ERREURS (première : ${r.firstError})` : ''),
      );
    }
  } finally {
    clearInterval(sampler);
    rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
    for (const c of allClients) c.close();
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
