import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import {
  CamelCasePlugin,
  type CompiledQuery,
  type Expression,
  Kysely,
  PostgresDialect,
  type SelectQueryBuilder,
  sql,
} from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Dates come back as JS Date for timestamptz; bigint (count(*)) as number — our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric → number (scores, surfaces): precision beyond a double is never needed here.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));
// `date` columns stay plain 'YYYY-MM-DD' strings: no timezone shift.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<DB>;

/** Ends the SQL of a statement worth preparing once per connection (see `prepared`). */
const PREPARED_MARK = '/* prepared */';
/** At most this many distinct statements are prepared per process (each connection keeps their plans). */
const MAX_PREPARED = 64;

/**
 * Marks a hot statement (run on every request, its shape fixed, its parameters ids) to be prepared once per
 * connection on PostgreSQL: the server then parses it once and, past a few runs, reuses its plan — planning
 * costs more than running such a statement. Use with `.modifyEnd(prepared())`. Not for statements whose best
 * plan depends on their parameters (lists, searches): a reused plan could be a bad one. Ignored on PGlite.
 */
export const prepared = (): Expression<unknown> => sql.raw(PREPARED_MARK);

/**
 * A hot SELECT whose only variable is one value (an id, a uuid): built and compiled once per database handle
 * (a transaction is a handle of its own), prepared once per PostgreSQL connection, then run with each value.
 * Building and compiling a wide statement through Kysely and the CamelCasePlugin costs more Node CPU than
 * running it; the plugin still maps the rows. `sentinel` stands for the value while compiling: every parameter
 * equal to it is replaced (constants stay), and compiling fails loudly if it does not appear.
 */
export function hotStatement<P extends string | number, Row>(
  build: (db: Db, value: P) => SelectQueryBuilder<any, any, Row>,
  sentinel: NoInfer<P>,
): (db: Db, value: P) => Promise<Row[]> {
  const compiled = new WeakMap<Db, { query: CompiledQuery<Row>; slots: number[] }>();
  return async (db, value) => {
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db, sentinel).modifyEnd(prepared()).compile();
      const slots = query.parameters.flatMap((p, i) => (p === sentinel ? [i] : []));
      if (!slots.length) throw new Error('hotStatement: the value must appear among the parameters.');
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const parameters = [...entry.query.parameters];
    for (const i of entry.slots) parameters[i] = value;
    return (await db.executeQuery<Row>({ ...entry.query, parameters })).rows;
  };
}

type QueryFn = (...args: any[]) => any;

/**
 * Wraps a pool so that statements ending with PREPARED_MARK go out as named (prepared) statements. node-postgres
 * prepares a name once per connection and only binds and executes it afterwards. The name is derived from the
 * text, so one text always gets one name; past MAX_PREPARED distinct texts, statements run unprepared.
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `h_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  const patched = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop !== 'connect') return Reflect.get(target, prop, receiver);
      return async () => {
        const client = await connect();
        if (!patched.has(client)) {
          patched.add(client);
          const query = client.query.bind(client) as QueryFn;
          (client as unknown as { query: QueryFn }).query = (text: unknown, ...rest: unknown[]) => {
            if (typeof text === 'string' && text.endsWith(PREPARED_MARK)) {
              const name = nameFor(text);
              if (name) return query({ name, text, values: rest[0] });
            }
            return query(text, ...rest);
          };
        }
        return client;
      };
    },
  });
}

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
    dialect: new PostgresDialect({ pool: kind === 'postgres' ? preparingPool(pool) : pool }), // Nested JSON keys (jsonb payloads, sessions) must come back exactly as stored.
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
