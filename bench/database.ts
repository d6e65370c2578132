import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, openDatabase } from '../src/infra/db/database.ts';
import { ensureSnapshot } from '../test/helpers/test-database.ts';
import { generateSignalements, type SqlClient } from './generate.ts';

/**
 * The bench database: a copy of the test snapshot (migrations, reference and demo data) plus the generated
 * signalements. On PostgreSQL it is the database `histologe_bench`, kept between runs and reused when it was
 * built from the same snapshot by the same generator with the same count; PGlite (`pglite://memory://`) builds
 * it in memory at each run, for small counts.
 */

export const BENCH_DB_NAME = 'histologe_bench';
/** Above this, PGlite (one connection, WASM) takes minutes to generate and says little about production. */
export const PGLITE_MAX_SIGNALEMENTS = 20_000;

export interface BenchDatabase {
  kind: 'postgres' | 'pglite';
  /** DATABASE_URL for the application. */
  url: string;
  /** PGlite only: the opened in-memory instance, to hand to the runtime. */
  database?: Database;
  version: string;
  signalements: number;
  affectations: number;
  suivis: number;
  /** Copy of the template + generation + VACUUM ANALYZE, in seconds (of the run that built the database). */
  generationSeconds: number;
  reused: boolean;
}

interface BenchMeta {
  template: string;
  generator: string;
  generated: number;
  total: number;
  generationSeconds: number;
  builtAt: string;
}

type Log = (m: string) => void;

/** Changes whenever the generator changes, so that an old bench database is rebuilt rather than reused. */
function generatorFingerprint(): string {
  const file = fileURLToPath(new URL('./generate.ts', import.meta.url));
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** ensureSnapshot() picks PostgreSQL or PGlite from TEST_DATABASE_URL: set (or unset) it for the call only. */
async function snapshot(testDatabaseUrl: string | undefined, log: Log): Promise<string> {
  const previous = process.env.TEST_DATABASE_URL;
  if (testDatabaseUrl === undefined) delete process.env.TEST_DATABASE_URL;
  else process.env.TEST_DATABASE_URL = testDatabaseUrl;
  try {
    return await ensureSnapshot(log);
  } finally {
    if (previous === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = previous;
  }
}

async function tableCounts(client: SqlClient) {
  const r = await client.query(
    `select (select count(*) from signalement)::int as signalements,
            (select count(*) from affectation)::int as affectations,
            (select count(*) from suivi)::int as suivis,
            current_setting('server_version') as version`,
  );
  return r.rows[0] as { signalements: number; affectations: number; suivis: number; version: string };
}

async function generate(client: SqlClient, count: number, log: Log) {
  const started = performance.now();
  const made = await generateSignalements(client, count, log);
  log(
    `${made.signalements} signalements, ${made.affectations} affectations, ${made.suivis} suivis, ` +
      `${made.precisions} précisions, ${made.qualifications} qualifications générés en ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

export async function prepareBenchDatabase(url: string, count: number, log: Log): Promise<BenchDatabase> {
  if (url.startsWith('pglite://')) return preparePglite(url, count, log);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return preparePostgres(url, count, log);
  throw new Error(
    `BENCH_DATABASE_URL doit commencer par postgres://, postgresql:// ou pglite:// (reçu : ${url})`,
  );
}

async function preparePostgres(serverUrl: string, count: number, log: Log): Promise<BenchDatabase> {
  const template = await snapshot(serverUrl, log);
  const generator = generatorFingerprint();
  const benchUrl = withDatabase(serverUrl, BENCH_DB_NAME);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query<{ meta: string | null }>(
      `select shobj_description(oid, 'pg_database') as meta from pg_database where datname = $1`,
      [BENCH_DB_NAME],
    );
    if (found.rowCount) {
      let meta: BenchMeta | undefined;
      try {
        meta = JSON.parse(found.rows[0]!.meta ?? 'null') ?? undefined;
      } catch {}
      if (meta?.template === template && meta.generator === generator && meta.generated === count) {
        const client = new pg.Client({ connectionString: benchUrl });
        await client.connect();
        try {
          const counts = await tableCounts(client);
          if (counts.signalements === meta.total) {
            log(`Base ${BENCH_DB_NAME} réutilisée (${counts.signalements} signalements, modèle ${template})`);
            return {
              kind: 'postgres',
              url: benchUrl,
              ...counts,
              generationSeconds: meta.generationSeconds,
              reused: true,
            };
          }
        } finally {
          await client.end();
        }
      }
      log(`Base ${BENCH_DB_NAME} périmée ou incomplète : reconstruction`);
      await admin.query(`drop database if exists "${BENCH_DB_NAME}" with (force)`);
    }

    const started = performance.now();
    await admin.query(`create database "${BENCH_DB_NAME}" template "${template}"`);
    log(`Base ${BENCH_DB_NAME} copiée du modèle ${template} ; génération de ${count} signalements…`);
    const client = new pg.Client({ connectionString: benchUrl });
    await client.connect();
    let counts: Awaited<ReturnType<typeof tableCounts>>;
    try {
      await generate(client, count, log);
      counts = await tableCounts(client);
    } finally {
      await client.end();
    }
    const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
    const meta: BenchMeta = {
      template,
      generator,
      generated: count,
      total: counts.signalements,
      generationSeconds,
      builtAt: new Date().toISOString(),
    };
    // Written last: a database left by an interrupted generation has no comment and is rebuilt next time.
    await admin.query(
      `comment on database "${BENCH_DB_NAME}" is '${JSON.stringify(meta).replace(/'/g, "''")}'`,
    );
    log(`Base ${BENCH_DB_NAME} prête en ${generationSeconds} s`);
    return { kind: 'postgres', url: benchUrl, ...counts, generationSeconds, reused: false };
  } finally {
    await admin.end();
  }
}

async function preparePglite(url: string, count: number, log: Log): Promise<BenchDatabase> {
  if (url !== 'pglite://memory://') {
    throw new Error(
      'Avec PGlite, le bench ne travaille qu’en mémoire : BENCH_DATABASE_URL=pglite://memory://',
    );
  }
  if (count > PGLITE_MAX_SIGNALEMENTS) {
    throw new Error(
      `PGlite ne convient qu’aux petits volumes (BENCH_SIGNALEMENTS ≤ ${PGLITE_MAX_SIGNALEMENTS}) : ` +
        'utilisez PostgreSQL pour les mesures de référence.',
    );
  }
  const file = await snapshot(undefined, log);
  const started = performance.now();
  const database = await openDatabase(url, { loadDataDir: new Blob([readFileSync(file)]) });
  try {
    const client = await database.pool.connect();
    let counts: Awaited<ReturnType<typeof tableCounts>>;
    try {
      await generate(client, count, log);
      counts = await tableCounts(client);
    } finally {
      client.release();
    }
    const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
    return { kind: 'pglite', url, database, ...counts, generationSeconds, reused: false };
  } catch (err) {
    await database.close();
    throw err;
  }
}
