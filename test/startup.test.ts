import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/** Starts `src/main.ts` as `npm start` does and collects what it prints until it exits. */
function runMain(env: Record<string, string>, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'histologe-start-'));

test('a bad configuration value stops the program once, naming the variable', async () => {
  const { code, output } = await runMain({ DATA_DIR: dataDir(), PORT: 'quatre-vingt' });
  assert.equal(code, 78);
  assert.match(output, /PORT = "quatre-vingt"/);
  assert.match(output, /README/);
});

test('an unreachable database gives a clear message and a non-zero exit, not a crash loop', async () => {
  const { code, output } = await runMain({
    DATA_DIR: dataDir(),
    DATABASE_URL: 'postgres://histologe:secret-password@127.0.0.1:9/histologe',
  });
  assert.equal(code, 1);
  assert.match(output, /La base de données ne répond pas/);
  assert.match(output, /DATABASE_URL/);
  assert.doesNotMatch(output, /secret-password/, 'credentials are never printed');
});

/** A database with the test snapshot (demo data included) that a separate process can open. */
async function prepareDatabaseUrl(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const { ensureSnapshot } = await import('../test/helpers/test-database.ts');
  const snapshot = await ensureSnapshot();
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const pg = (await import('pg')).default;
    const name = `histologe_start_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`drop database if exists "${name}"`);
    await admin.query(`create database "${name}" template "${snapshot}"`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      cleanup: async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  // PGlite: unpack the snapshot into a data folder, as a previous `npm start` would have left it.
  const { readFileSync } = await import('node:fs');
  const { openDatabase } = await import('../src/infra/db/database.ts');
  const dir = path.join(dataDir(), 'pg');
  const db = await openDatabase(`pglite://${dir}`, { loadDataDir: new Blob([readFileSync(snapshot)]) });
  await db.close();
  return { url: `pglite://${dir}`, cleanup: async () => {} };
}

test('starts on an existing database, serves pages, and stops cleanly on SIGTERM', async () => {
  const { url, cleanup } = await prepareDatabaseUrl();
  const port = 20000 + (process.pid % 20000);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATA_DIR: dataDir(),
        DATABASE_URL: url,
        PORT: String(port),
        SEED_DEMO: 'false',
        JOBS_ENABLE: 'true',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output += d;
        if (output.includes('Histologe est prêt')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => reject(new Error(`exited before ready:\n${output}`)));
    });
    await ready;
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    const home = await fetch(`http://127.0.0.1:${port}/connexion`);
    assert.equal(home.status, 200);
    assert.match(String(home.headers.get('x-request-id')), /.{8,}/);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, output);
    assert.match(output, /Arrêt terminé/);
    // JSON log lines carry the request id.
    assert.match(output, /"reqId":"[^"]+"/);
  } finally {
    await cleanup();
  }
});
