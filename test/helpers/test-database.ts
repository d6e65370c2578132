import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/infra/db/database.ts';
import { migrateToLatest } from '../../src/infra/db/migrate.ts';
import { loadReferenceData } from '../../src/infra/db/reference-data.ts';
import { LocalFileStorage } from '../../src/infra/storage.ts';

/**
 * Test databases start from a snapshot that is migrated, holds the reference data and the demo data:
 * - PGlite: a gzipped data directory in .test-data/, loaded into an in-memory instance (~0.5 s);
 * - PostgreSQL (TEST_DATABASE_URL): a template database, copied with CREATE DATABASE … TEMPLATE.
 * The snapshot is rebuilt when a migration, a data file or the demo seed changes.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_DATA_DIR = path.join(root, '.test-data');

function snapshotChecksum(): string {
  const h = createHash('sha256');
  const add = (dir: string, filter: (f: string) => boolean) => {
    for (const f of readdirSync(dir).filter(filter).sort()) {
      h.update(f);
      h.update(readFileSync(path.join(dir, f)));
    }
  };
  add(path.join(root, 'src/infra/db/migrations'), (f) => f.endsWith('.ts'));
  add(path.join(root, 'data'), (f) => f.endsWith('.json'));
  add(path.join(root, 'src/infra/db'), (f) => f === 'reference-data.ts');
  add(path.join(root, 'scripts'), (f) => f === 'seed-demo.ts');
  add(path.join(root, 'src/domain'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  return h.digest('hex').slice(0, 12);
}

let checksum: string | undefined;
const currentChecksum = () => (checksum ??= snapshotChecksum());

/**
 * The demo files of the current snapshot (written by the demo seed with random keys): one folder per snapshot
 * kind and checksum, so that a PostgreSQL template built by another checkout is never paired with files that
 * are not here. Tests read these files and write their own elsewhere (test/helpers/overlay-storage.ts).
 */
export function testFilesDir(): string {
  const kind = process.env.TEST_DATABASE_URL ? 'pg' : 'pglite';
  return path.join(TEST_DATA_DIR, `files-${kind}-${currentChecksum()}`);
}
const FILES_COMPLETE = '.complete';
const filesReady = () => existsSync(path.join(testFilesDir(), FILES_COMPLETE));

async function fillSnapshot(database: Database) {
  await migrateToLatest(database.db);
  await loadReferenceData(database.db);
  const { seedDemo } = await import('../../scripts/seed-demo.ts');
  const dir = testFilesDir();
  mkdirSync(TEST_DATA_DIR, { recursive: true });
  // Files of older snapshots of the same kind (and of the former single folder) are not needed any more.
  const kind = process.env.TEST_DATABASE_URL ? 'pg' : 'pglite';
  for (const f of readdirSync(TEST_DATA_DIR)) {
    if (f === 'files' || (f.startsWith(`files-${kind}-`) && path.join(TEST_DATA_DIR, f) !== dir)) {
      rmSync(path.join(TEST_DATA_DIR, f), { recursive: true, force: true });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await seedDemo(database.db, new LocalFileStorage(dir));
  writeFileSync(path.join(dir, FILES_COMPLETE), '');
}

function adminUrl(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}

/** Builds the snapshot if it does not exist yet. Run once before the test processes start (scripts/test.ts). */
export async function ensureSnapshot(log: (m: string) => void = () => {}): Promise<string> {
  const sum = currentChecksum();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const tpl = `histologe_tpl_${sum}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [tpl]);
      // A template built from another checkout has its demo files there: rebuild it with files here.
      if (exists.rowCount && filesReady()) return tpl;
      const started = Date.now();
      // Old templates of this project are dropped so they do not pile up on a developer machine.
      const old = await admin.query("select datname from pg_database where datname like 'histologe_tpl_%'");
      for (const r of old.rows) await admin.query(`drop database if exists "${r.datname}"`);
      const building = `${tpl}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`create database "${building}"`);
      const database = await openDatabase(adminUrl(serverUrl, building), { poolSize: 2 });
      try {
        await fillSnapshot(database);
      } finally {
        await database.close();
      }
      await admin.query(`alter database "${building}" rename to "${tpl}"`);
      log(`Base modèle PostgreSQL ${tpl} prête en ${Date.now() - started} ms`);
      return tpl;
    } finally {
      await admin.end();
    }
  }
  const file = path.join(TEST_DATA_DIR, `pglite-${sum}.tgz`);
  if (existsSync(file) && filesReady()) return file;
  const started = Date.now();
  mkdirSync(TEST_DATA_DIR, { recursive: true });
  for (const f of readdirSync(TEST_DATA_DIR).filter((f) => f.startsWith('pglite-'))) {
    try {
      renameSync(path.join(TEST_DATA_DIR, f), path.join(TEST_DATA_DIR, `old-${f}`));
    } catch {}
  }
  const database = await openDatabase('pglite://memory://');
  try {
    await fillSnapshot(database);
    const blob = await database.dumpDataDir!();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await database.close();
  }
  log(`Instantané PGlite ${path.basename(file)} prêt en ${Date.now() - started} ms`);
  return file;
}

export interface TestDatabase {
  url: string;
  database: Database;
  /** Empties every business table (reference data stays); the demo data is gone afterwards. */
  truncate(): Promise<void>;
  close(): Promise<void>;
}

const REFERENCE_TABLES = new Set([
  'territoire',
  'commune',
  'epci',
  'desordre_categorie',
  'desordre_critere',
  'desordre_precision',
  'reference_data_version',
  'kysely_migration',
  'kysely_migration_lock',
]);

/** A fresh database for one test process, started from the snapshot (with demo data). */
export async function openTestDatabase(): Promise<TestDatabase> {
  const snapshot = await ensureSnapshot();
  const serverUrl = process.env.TEST_DATABASE_URL;
  let url: string;
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `histologe_t_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database "${name}" template "${snapshot}"`);
    await admin.end();
    url = adminUrl(serverUrl, name);
    database = await openDatabase(url, { poolSize: 5 });
    drop = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    };
  } else {
    url = 'pglite://memory://';
    const blob = new Blob([readFileSync(snapshot)]);
    database = await openDatabase(url, { loadDataDir: blob });
  }
  return {
    url,
    database,
    async truncate() {
      const tables = await sql<{ tablename: string }>`
        select tablename from pg_tables where schemaname = 'public'`.execute(database.db);
      const names = tables.rows.map((r) => r.tablename).filter((t) => !REFERENCE_TABLES.has(t));
      if (names.length) {
        await sql
          .raw(`truncate ${names.map((n) => `"${n}"`).join(', ')} restart identity cascade`)
          .execute(database.db);
      }
    },
    async close() {
      await database.close();
      await drop?.();
    },
  };
}
