import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { OverlayFileStorage } from './overlay-storage.ts';
import { openTestDatabase, type TestDatabase, testFilesDir } from './test-database.ts';

export const DEMO_PASSWORD = 'Demo-Histologe-2026';

export interface TestContext {
  app: FastifyInstance;
  runtime: Runtime;
  config: Config;
  testDb: TestDatabase;
  close(): Promise<void>;
}

/** Configuration for tests: temp data folder, test database, Redis when REDIS_URL is set (own key prefix). */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'histologe-test-'));
  return loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      REDIS_URL: process.env.REDIS_URL,
      REDIS_PREFIX: `histologe-test:${process.pid}:${Date.now()}:`,
      LOG_LEVEL: 'silent',
      JOBS_ENABLE: 'false',
      GEOCODER_URL: 'http://127.0.0.1:9',
      SEED_DEMO: 'false',
      ...env,
    },
    [],
  );
}

/** One application per test file, on its own database copied from the snapshot (demo data included). */
export async function createTestApp(
  opts: { env?: Record<string, string | undefined>; jobs?: boolean } = {},
): Promise<TestContext> {
  const testDb = await openTestDatabase();
  const config = testConfig({ ...(opts.jobs ? { JOBS_ENABLE: 'true' } : {}), ...opts.env });
  // Demo files live in the shared test folder: tests read them there, but write and delete in their own.
  const ownFiles = path.join(config.dataDir, 'files');
  const runtime = await openRuntime(
    { ...config, storage: { kind: 'local', dir: ownFiles } },
    {
      database: testDb.database,
      migrate: false,
      referenceData: false,
      jobs: opts.jobs ?? false,
      storage: new OverlayFileStorage(ownFiles, testFilesDir()),
    },
  );
  const app = await buildApp(runtime);
  await app.ready();
  return {
    app,
    runtime,
    config,
    testDb,
    async close() {
      await app.close();
      await runtime.close();
      await testDb.close();
    },
  };
}

/** A tiny cookie jar over app.inject(), with helpers for CSRF-protected forms. */
export class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private store(res: LightMyRequestResponse) {
    const raw = res.headers['set-cookie'];
    const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
    for (const c of list) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...v] = pair!.split('=');
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), v.join('='));
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.store(res);
    return res;
  }

  async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(form).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        ...headers,
      },
    });
    this.store(res);
    return res;
  }

  /** Reads the CSRF token of the first form on a page. */
  async csrfFrom(url: string): Promise<string> {
    const res = await this.get(url);
    const m = /name="_csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_csrf"/.exec(res.body);
    if (!m) throw new Error(`No CSRF token on ${url} (status ${res.statusCode})`);
    return (m[1] ?? m[2])!;
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    const token = await this.csrfFrom('/connexion');
    return this.post('/connexion', { _csrf: token, email, password });
  }
}
