import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Dates come back as JS Date for timestamptz; bigint (count(*)) as number — our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric → number (scores, surfaces): precision beyond a double is never needed here.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));
// `date` columns stay plain 'YYYY-MM-DD' strings: no timezone shift.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  /** Runs a raw SQL statement on the shared pool (used by pg-boss so that it never opens its own pool). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (used to snapshot a migrated test database). */
  dumpDataDir?(): Promise<Blob>;
}

export class DatabaseUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    super(
      `La base de données ne répond pas (${target}) : ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Vérifiez que PostgreSQL est démarré et que DATABASE_URL est juste.',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

async function createPglite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir, { extensions: { unaccent, pg_trgm }, loadDataDir });
}

/**
 * One pool per process. `pglite://<dir>` (or `pglite://memory://`) opens the embedded engine, which accepts a
 * single connection: everything (Kysely, jobs, sessions) must share this pool.
 */
export async function openDatabase(
  url: string,
  opts: {
    poolSize?: number /** PGlite only: start from a dumped data directory (tests). */;
    loadDataDir?: Blob;
  } = {},
): Promise<Database> {
  let pool: pg.Pool;
  let pglite: PGlite | undefined;
  let kind: Database['kind'];
  if (url.startsWith('pglite://')) {
    kind = 'pglite';
    const target = url.slice('pglite://'.length);
    const dir = target.startsWith('memory://') ? target : path.resolve(target || '.data/pg');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    pglite = await createPglite(dir, opts.loadDataDir);
    pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), max: 1 });
  } else {
    kind = 'postgres';
    pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    });
  }
  // A connection lost while idle or in use (server restart, failover) must not crash the process: without a
  // listener the client's 'error' event is an uncaught exception. The query in flight still fails normally.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });

  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => {});
    await pglite?.close().catch(() => {});
    throw new DatabaseUnavailableError(url.replace(/\/\/([^@/]*)@/, '//***@'), err);
  }

  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }), // Nested JSON keys (jsonb payloads, sessions) must come back exactly as stored.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });

  return {
    db,
    pool,
    kind,
    async executeSql(text, values) {
      // Not pool.query(): on an error it destroys the client, which on PGlite is the only connection.
      const client = await pool.connect();
      try {
        return await client.query(text, values as any[]);
      } finally {
        client.release();
      }
    },
    dumpDataDir: pglite ? async () => (await pglite!.dumpDataDir('gzip')) as Blob : undefined,
    async close() {
      await db.destroy().catch(() => {});
      // Kysely only ends the pool it has used; end it in any case so that no idle timer keeps the process alive.
      if (!pool.ended) await pool.end().catch(() => {});
      if (pglite && !pglite.closed) await pglite.close();
    },
  };
}

export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
